package io.fleetbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.InMemoryStateStore;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** SPEC §2.10 with a store that can be switched off: each {@code store.onFailure} policy, and the re-join rule. */
class StoreOutageTest {

    /** An in-memory store that fails every call while it is "down". A fake of one class, for a unit test. */
    static final class SwitchableStore implements StateStore {
        final InMemoryStateStore delegate;
        volatile boolean down;

        SwitchableStore(TestClock clock) {
            delegate = new InMemoryStateStore(clock);
        }

        private <T> CompletionStage<T> call(Supplier<CompletionStage<T>> op) {
            return down ? CompletableFuture.failedFuture(new StoreException("down")) : op.get();
        }

        @Override
        public CompletionStage<Versioned> get(String key) {
            return call(() -> delegate.get(key));
        }

        @Override
        public CompletionStage<Map<String, Versioned>> getAll(List<String> keys) {
            return call(() -> delegate.getAll(keys));
        }

        @Override
        public CompletionStage<Boolean> add(String key, String value, Duration ttl) {
            return call(() -> delegate.add(key, value, ttl));
        }

        @Override
        public CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl) {
            return call(() -> delegate.compareAndSet(key, cas, value, ttl));
        }

        @Override
        public CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate) {
            return call(() -> delegate.increment(key, delta, ttlOnCreate));
        }

        @Override
        public CompletionStage<Boolean> delete(String key, long cas) {
            return call(() -> delegate.delete(key, cas));
        }

        @Override
        public String kind() {
            return "switchable";
        }
    }

    private final TestClock clock = new TestClock();
    private final SwitchableStore store = new SwitchableStore(clock);
    private final CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureThreshold(3)
            .failureRateThreshold(0).build();

    private CircuitBreakerRegistry registry(String id, StoreFailurePolicy policy) {
        CircuitBreakerRegistry r = CircuitBreakerRegistry.builder(store).instanceId(id).clock(clock)
                .onStoreFailure(policy).storeFailureGrace(Duration.ZERO).build();
        r.circuitBreaker("c", config);
        r.syncNow().toCompletableFuture().join();
        return r;
    }

    /** The store is down once 3 operations in a row failed: three sync steps with nothing else going on. */
    private static void syncUntilDegraded(CircuitBreakerRegistry r) {
        for (int i = 0; i < 3; i++) {
            r.syncNow().toCompletableFuture().join();
        }
        assertThat(r.isDegraded()).isTrue();
    }

    private static void fail(CircuitBreaker cb) {
        ((Permit) cb.tryAcquirePermission()).onFailure(Duration.ZERO, null).toCompletableFuture().join();
    }

    @Test
    void local_storeDown_tripsOnOwnTraffic_andPublishesItsOpenOnRejoin() {
        try (CircuitBreakerRegistry a = registry("a", StoreFailurePolicy.LOCAL);
             CircuitBreakerRegistry b = registry("b", StoreFailurePolicy.LOCAL)) {
            CircuitBreaker cbA = a.find("c").orElseThrow();
            store.down = true;
            syncUntilDegraded(a);
            for (int i = 0; i < 3; i++) {
                fail(cbA);
            }
            assertThat(cbA.state()).isEqualTo(CircuitState.OPEN);

            store.down = false;
            a.syncNow().toCompletableFuture().join();
            assertThat(a.isDegraded()).isFalse();
            b.syncNow().toCompletableFuture().join();
            assertThat(b.find("c").orElseThrow().state()).as("fleet learned the local OPEN")
                    .isEqualTo(CircuitState.OPEN);
            assertThat(cbA.generation()).isEqualTo(b.find("c").orElseThrow().generation());
        }
    }

    @Test
    void local_storeDownButFleetMovedOn_fleetRecordWinsOnRejoin() {
        try (CircuitBreakerRegistry a = registry("a", StoreFailurePolicy.LOCAL);
             CircuitBreakerRegistry b = registry("b", StoreFailurePolicy.LOCAL)) {
            store.down = true;
            syncUntilDegraded(a);
            store.down = false;
            b.find("c").orElseThrow().apply(OperatorAction.FORCE_CLOSED, "ops", "drill").toCompletableFuture().join();
            a.syncNow().toCompletableFuture().join();
            assertThat(a.find("c").orElseThrow().state()).isEqualTo(CircuitState.FORCED_CLOSED);
        }
    }

    @Test
    void oneFailedOperation_isNotAnOutage() {
        try (CircuitBreakerRegistry a = registry("a", StoreFailurePolicy.REJECT)) {
            store.down = true;
            a.syncNow().toCompletableFuture().join();
            store.down = false;
            a.syncNow().toCompletableFuture().join();
            store.down = true;
            a.syncNow().toCompletableFuture().join();
            a.syncNow().toCompletableFuture().join();
            assertThat(a.isDegraded()).as("no three failures in a row").isFalse();
            assertThat(a.find("c").orElseThrow().tryAcquirePermission().isPermitted()).isTrue();
        }
    }

    @Test
    void allow_storeDown_admitsEverything() {
        try (CircuitBreakerRegistry a = registry("a", StoreFailurePolicy.ALLOW)) {
            CircuitBreaker cb = a.find("c").orElseThrow();
            store.down = true;
            syncUntilDegraded(a);
            for (int i = 0; i < 10; i++) {
                fail(cb);
            }
            assertThat(cb.tryAcquirePermission().isPermitted()).isTrue();
        }
    }

    @Test
    void reject_storeDown_rejectsWithStoreUnavailable_untilItIsBack() {
        try (CircuitBreakerRegistry a = registry("a", StoreFailurePolicy.REJECT)) {
            CircuitBreaker cb = a.find("c").orElseThrow();
            store.down = true;
            syncUntilDegraded(a);
            assertThat(((Rejection) cb.tryAcquirePermission()).reason())
                    .isEqualTo(Rejection.Reason.STORE_UNAVAILABLE);
            store.down = false;
            a.syncNow().toCompletableFuture().join();
            assertThat(cb.tryAcquirePermission().isPermitted()).isTrue();
        }
    }
}
