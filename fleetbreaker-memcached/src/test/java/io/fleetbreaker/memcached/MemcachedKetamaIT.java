package io.fleetbreaker.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import io.fleetbreaker.testkit.MemcachedServer;
import io.fleetbreaker.testkit.Stages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers behind one store: keys spread by ketama, and losing one node never hangs a call. */
class MemcachedKetamaIT {

    private static final Duration LONG_TTL = Duration.ofHours(1);
    private static final List<String> KEYS = IntStream.range(0, 200).mapToObj(i -> "fb:ctr:" + i).toList();

    @RegisterExtension
    final MemcachedServer first = new MemcachedServer();
    @RegisterExtension
    final MemcachedServer second = new MemcachedServer();

    private MemcachedStateStore store;

    @BeforeEach
    void connect() throws Exception {
        store = MemcachedStateStore.connect(List.of(first.address(), second.address()));
        // Ketama only routes to connected nodes: wait until both are up so keys really spread.
        store.whenAllConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void operations_twoServers_spreadKeysOverBoth() {
        for (String key : KEYS) {
            assertThat(join(store.increment(key, 1, LONG_TTL))).isEqualTo(1L);
        }

        int onFirst = Integer.parseInt(first.stats().get("curr_items"));
        int onSecond = Integer.parseInt(second.stats().get("curr_items"));
        assertThat(onFirst + onSecond).isEqualTo(KEYS.size());
        assertThat(onFirst).as("keys on the first node").isBetween(40, 160);

        Map<String, Versioned> all = join(store.getAll(KEYS));
        assertThat(all).hasSize(KEYS.size());
        assertThat(all.values()).extracting(Versioned::value).containsOnly("1");
    }

    @Test
    void operations_oneNodeKilled_failFastOrMoveToLiveNodeAndNeverHang() {
        KEYS.forEach(key -> join(store.increment(key, 1, LONG_TTL)));

        second.kill();

        // Right after the crash a call either reaches the live node or fails fast; none may hang.
        for (String key : KEYS) {
            CompletableFuture<Long> call = store.increment(key, 1, LONG_TTL).toCompletableFuture();
            try {
                assertThat(call.get(500, TimeUnit.MILLISECONDS)).isBetween(1L, 2L);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreException.class);
            } catch (Exception e) {
                throw new AssertionError("call for " + key + " neither completed nor failed within 500 ms", e);
            }
        }

        // Once folsom has noticed, the dead node's keys live on the survivor (starting empty there).
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> join(store.getAll(KEYS)) != null);
        for (String key : KEYS) {
            assertThat(join(store.increment(key, 1, LONG_TTL))).isPositive();
        }
        assertThat(Integer.parseInt(first.stats().get("curr_items"))).isEqualTo(KEYS.size());
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return Stages.await(stage, Duration.ofSeconds(2));
    }
}
