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

/**
 * The contract again with replies completed on folsom's I/O thread ({@code Runnable::run}), the set-up a Vert.x
 * gateway uses: the create path then issues its follow-up requests from that thread.
 */
class MemcachedStateStoreDirectReplyContractIT extends StateStoreContract {

    @RegisterExtension
    static final MemcachedServer memcached = new MemcachedServer();

    private static MemcachedStateStore store;

    @BeforeAll
    static void connect() throws Exception {
        store = MemcachedStateStore.connect(List.of(memcached.address()), Runnable::run);
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
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                .until(() -> result(store.get(key)) == null);
    }
}
