package io.fleetbreaker.memcached;

import static org.awaitility.Awaitility.await;

import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.testkit.MemcachedServer;
import io.fleetbreaker.testkit.StateStoreContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Memcached store against the store contract, on a real memcached; expiry takes real (bounded) time. */
class MemcachedStateStoreContractIT extends StateStoreContract {

    @RegisterExtension
    static final MemcachedServer memcached = new MemcachedServer();

    private static MemcachedStateStore store;

    @BeforeAll
    static void connect() throws Exception {
        store = MemcachedStateStore.connect(List.of(memcached.address()));
        store.whenConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected void awaitExpired(String key, Duration ttl) {
        // Memcached expires on whole seconds of its own clock: a 1 s item lives 0.3-2 s. Bounded by 4 s.
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                .until(() -> result(store.get(key)) == null);
    }
}
