package io.fleetbreaker.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.testkit.MemcachedServer;
import io.fleetbreaker.testkit.Stages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server that crashes, restarts or freezes under a live store: calls fail fast, never block, and recover. */
class MemcachedOutageIT {

    private static final Duration FAIL_FAST = Duration.ofMillis(500);
    private static final Duration LONG_TTL = Duration.ofHours(1);

    @RegisterExtension
    final MemcachedServer memcached = new MemcachedServer();

    private MemcachedStateStore store;

    @BeforeEach
    void connect() throws Exception {
        store = MemcachedStateStore.connect(List.of(memcached.address()));
        store.whenConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void calls_serverKilled_failFastWithStoreException() {
        assertThat(join(store.increment("ctr", 1, LONG_TTL))).isEqualTo(1L);

        memcached.kill();

        // Each kind of call, several times: none may hang, each must fail as a StoreException.
        for (int i = 0; i < 20; i++) {
            assertFailsFast(store.get("ctr"));
            assertFailsFast(store.increment("ctr", 1, LONG_TTL));
            assertFailsFast(store.add("rec", "v", LONG_TTL));
            assertFailsFast(store.compareAndSet("rec", 1, "v", LONG_TTL));
            assertFailsFast(store.delete("rec", 1));
            assertFailsFast(store.getAll(List.of("ctr", "rec")));
        }
    }

    @Test
    void calls_serverRestarted_succeedAgainWithinBoundAndDataIsGone() {
        assertThat(join(store.increment("ctr", 5, LONG_TTL))).isEqualTo(5L);
        memcached.kill();
        assertFailsFast(store.get("ctr"));

        memcached.start();

        // The backoff is capped at 250 ms; measured reconnects take ~80 ms.
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> join(store.add("probe", "1", LONG_TTL)) != null);
        assertThat(join(store.get("ctr"))).as("a restart loses everything").isNull();
        assertThat(join(store.increment("ctr", 1, LONG_TTL))).isEqualTo(1L);
    }

    @Test
    void calls_serverPaused_neverBlockTheCallerAndRecoverOnResume() throws Exception {
        assertThat(join(store.add("rec", "v", LONG_TTL))).isTrue();

        memcached.pause();
        try {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                pending.add(store.get("rec").toCompletableFuture());
                pending.add(store.increment("ctr", 1, LONG_TTL).toCompletableFuture());
            }
            // Issuing 100 calls to a frozen server returns to the caller at once...
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
            // ...and nothing completes: the caller's own timeout (the core's store.requestTimeout) is what fires.
            CompletableFuture<?> timed = store.get("rec").toCompletableFuture().orTimeout(100, TimeUnit.MILLISECONDS);
            assertThat(timed).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(TimeoutException.class);
            assertThat(pending).as("calls still waiting after 100 ms").noneMatch(CompletableFuture::isDone);
        } finally {
            memcached.resume();
        }

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> "v".equals(join(store.get("rec")).value()));
    }

    private static void assertFailsFast(java.util.concurrent.CompletionStage<?> stage) {
        assertThat(stage.toCompletableFuture()).failsWithin(FAIL_FAST)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreException.class);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return Stages.await(stage, Duration.ofSeconds(2));
    }
}
