package io.fleetbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.store.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The breaker through its public API: three instances sharing one in-memory store, time moved by hand. */
class FleetBreakerTest {

    private final TestClock clock = new TestClock();
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final List<CircuitBreakerRegistry> registries = new ArrayList<>();
    private final CircuitBreakerConfig config = CircuitBreakerConfig.builder()
            .failureThreshold(5).failureRateThreshold(0).timeout(Duration.ofSeconds(1))
            .openStateDuration(Duration.ofSeconds(10)).halfOpenPermittedCalls(2).build();

    @AfterEach
    void close() {
        registries.forEach(CircuitBreakerRegistry::close);
    }

    private CircuitBreaker instance(String id) {
        CircuitBreakerRegistry r = CircuitBreakerRegistry.builder(store).instanceId(id).clock(clock)
                .storeRequestTimeout(Duration.ofSeconds(5)).build();
        registries.add(r);
        CircuitBreaker cb = r.circuitBreaker("payments", config);
        r.syncNow().toCompletableFuture().join();
        return cb;
    }

    private void syncAll() {
        registries.forEach(r -> r.syncNow().toCompletableFuture().join());
    }

    private static void fail(CircuitBreaker cb) {
        Permit p = (Permit) cb.tryAcquirePermission();
        p.onFailure(Duration.ofMillis(1), null).toCompletableFuture().join();
    }

    private static void succeed(CircuitBreaker cb) {
        Permit p = (Permit) cb.tryAcquirePermission();
        p.onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
    }

    @Test
    void closed_failuresFromSeveralInstancesReachThreshold_tripsOnTheInstanceThatSawTheLast() {
        CircuitBreaker a = instance("a");
        CircuitBreaker b = instance("b");
        for (int i = 0; i < 4; i++) {
            fail(i % 2 == 0 ? a : b);
        }
        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);
        fail(b);
        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        assertThat(b.tryAcquirePermission().isPermitted()).isFalse();
    }

    @Test
    void open_otherInstanceSyncs_rejectsToo() {
        CircuitBreaker a = instance("a");
        CircuitBreaker b = instance("b");
        for (int i = 0; i < 5; i++) {
            fail(a);
        }
        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        syncAll();
        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        Rejection r = (Rejection) b.tryAcquirePermission();
        assertThat(r.reason()).isEqualTo(Rejection.Reason.CIRCUIT_OPEN);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.generation()).isEqualTo(a.generation());
    }

    @Test
    void halfOpen_threeInstancesAskForProbes_onlyPermittedCallsAdmittedFleetWide() {
        List<CircuitBreaker> fleet = List.of(instance("a"), instance("b"), instance("c"));
        for (int i = 0; i < 5; i++) {
            fail(fleet.get(0));
        }
        syncAll();
        clock.advance(Duration.ofSeconds(10));
        int admitted = 0;
        for (int round = 0; round < 4; round++) {
            for (CircuitBreaker cb : fleet) {
                if (cb.tryAcquirePermission() instanceof Permit p) {
                    assertThat(p.isProbe()).isTrue();
                    admitted++;
                }
            }
        }
        assertThat(admitted).isEqualTo(2);
        assertThat(fleet.get(0).state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void halfOpen_probesSucceed_closesWithEmptyWindow() {
        CircuitBreaker a = instance("a");
        CircuitBreaker b = instance("b");
        for (int i = 0; i < 5; i++) {
            fail(a);
        }
        clock.advance(Duration.ofSeconds(10));
        Permit p1 = (Permit) a.tryAcquirePermission();
        syncAll();
        Permit p2 = (Permit) b.tryAcquirePermission();
        p1.onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
        assertThat(a.state()).isEqualTo(CircuitState.HALF_OPEN);
        p2.onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        syncAll();
        assertThat(a.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(a.snapshot().toCompletableFuture().join().window().failures()).isZero();
    }

    @Test
    void halfOpen_probeFails_reopensWithBackoff() {
        CircuitBreakerConfig backoff = config.toBuilder().openStateBackoffMultiplier(2)
                .maxOpenStateDuration(Duration.ofSeconds(30)).build();
        CircuitBreakerRegistry r = CircuitBreakerRegistry.builder(store).instanceId("x").clock(clock).build();
        registries.add(r);
        CircuitBreaker cb = r.circuitBreaker("backoff", backoff);
        r.syncNow().toCompletableFuture().join();
        for (int i = 0; i < 5; i++) {
            fail(cb);
        }
        clock.advance(Duration.ofSeconds(10));
        Permit probe = (Permit) cb.tryAcquirePermission();
        probe.onFailure(Duration.ofMillis(1), null).toCompletableFuture().join();
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
        Rejection rejection = (Rejection) cb.tryAcquirePermission();
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void transitionMissedByAnInstance_isReportedAsTheFleetMadeIt() {
        List<io.fleetbreaker.event.StateTransition> seenByB = new java.util.concurrent.CopyOnWriteArrayList<>();
        CircuitBreaker a = instance("a");
        CircuitBreakerRegistry rb = CircuitBreakerRegistry.builder(store).instanceId("b").clock(clock)
                .storeRequestTimeout(Duration.ofSeconds(5)).listener(new io.fleetbreaker.event.BreakerListener() {
                    @Override
                    public void onTransition(io.fleetbreaker.event.StateTransition e) {
                        seenByB.add(e);
                    }
                }).build();
        registries.add(rb);
        rb.circuitBreaker("payments", config);
        rb.syncNow().toCompletableFuture().join();
        for (int i = 0; i < 5; i++) {
            fail(a);
        }
        rb.syncNow().toCompletableFuture().join();
        clock.advance(Duration.ofSeconds(10));
        Permit probe = (Permit) a.tryAcquirePermission(); // a alone sees HALF_OPEN...
        probe.onFailure(Duration.ofMillis(1), null).toCompletableFuture().join(); // ...which ends at once
        rb.syncNow().toCompletableFuture().join();
        io.fleetbreaker.event.StateTransition last = seenByB.get(seenByB.size() - 1);
        assertThat(last.from()).as("b never saw HALF_OPEN, but the fleet went through it")
                .isEqualTo(CircuitState.HALF_OPEN);
        assertThat(last.to()).isEqualTo(CircuitState.OPEN);
        assertThat(last.generation()).isEqualTo(a.generation());
    }

    @Test
    void lateOutcome_fromBeforeATransition_neverChangesState() {
        CircuitBreaker a = instance("a");
        Permit slowCall = (Permit) a.tryAcquirePermission();
        for (int i = 0; i < 5; i++) {
            fail(a);
        }
        long openGeneration = a.generation();
        slowCall.onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
        assertThat(a.state()).isEqualTo(CircuitState.OPEN);
        assertThat(a.generation()).isEqualTo(openGeneration);
        assertThat(a.snapshot().toCompletableFuture().join().local().late()).isEqualTo(1);
    }

    @Test
    void operator_forceOpenOnOneInstance_everyInstanceRejectsAfterSync() {
        CircuitBreaker a = instance("a");
        CircuitBreaker b = instance("b");
        CircuitSnapshot s = a.apply(OperatorAction.FORCE_OPEN, "alice", "maintenance").toCompletableFuture().join();
        assertThat(s.state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(s.changedBy()).isEqualTo("alice");
        assertThat(s.reason()).contains("maintenance");
        syncAll();
        assertThat(((Rejection) b.tryAcquirePermission()).reason()).isEqualTo(Rejection.Reason.FORCED_OPEN);
        b.apply(OperatorAction.RESET, "bob", null).toCompletableFuture().join();
        syncAll();
        assertThat(a.tryAcquirePermission().isPermitted()).isTrue();
    }

    @Test
    void lostRecord_whileOpen_keptOpenAtANewGeneration() {
        CircuitBreaker a = instance("a");
        for (int i = 0; i < 5; i++) {
            fail(a);
        }
        long generation = a.generation();
        store.clear();
        syncAll();
        assertThat(a.generation()).isGreaterThan(generation);
        assertThat(a.state()).isEqualTo(CircuitState.OPEN);
        assertThat(a.tryAcquirePermission().isPermitted()).isFalse();
    }

    @Test
    void successes_inClosed_costNoStoreRoundTripPerCall() {
        CircuitBreaker a = instance("a");
        for (int i = 0; i < 1000; i++) {
            succeed(a);
        }
        assertThat(a.snapshot().toCompletableFuture().join().window().calls()).isZero();
        clock.advance(Duration.ofSeconds(1));
        syncAll();
        assertThat(a.snapshot().toCompletableFuture().join().window().calls()).isEqualTo(1000);
    }
}
