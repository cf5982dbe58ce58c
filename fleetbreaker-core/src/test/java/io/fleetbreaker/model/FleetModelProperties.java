package io.fleetbreaker.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.OperatorAction;
import io.fleetbreaker.Permit;
import io.fleetbreaker.TestClock;
import io.fleetbreaker.store.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based test: random sequences of calls, outcomes, clock advances, operator actions and store losses, applied
 * to one breaker or to three breakers sharing one store. After every step (and a sync of every instance) each
 * instance agrees with {@link ReferenceBreaker} on state and generation, and the fleet window holds the model's
 * failures.
 */
class FleetModelProperties {

    sealed interface Step permits Call, Hold, Finish, Advance, Operate, LoseStore {
    }

    /** Admit a call and keep it running. */
    record Hold(int instance) implements Step {
    }

    /** Finish one of the running calls: "success", "failure" or "release". */
    record Finish(int which, String outcome) implements Step {
    }

    record Call(int instance, boolean failure) implements Step {
    }

    record Advance(long millis) implements Step {
    }

    record Operate(int instance, OperatorAction action) implements Step {
    }

    record LoseStore() implements Step {
    }

    private static final CircuitBreakerConfig CONFIG = CircuitBreakerConfig.builder()
            .failureThreshold(ReferenceBreaker.FAILURE_THRESHOLD).failureRateThreshold(0)
            .timeout(Duration.ofSeconds(1)).openStateDuration(Duration.ofMillis(ReferenceBreaker.OPEN_MILLIS))
            .openStateBackoffMultiplier(2).maxOpenStateDuration(Duration.ofMillis(ReferenceBreaker.MAX_OPEN_MILLIS))
            .halfOpenPermittedCalls(ReferenceBreaker.PROBES)
            .halfOpenSuccessThreshold(ReferenceBreaker.SUCCESSES_TO_CLOSE).build();

    @Property(tries = 1000)
    void oneBreaker_agreesWithModel(@ForAll("steps") List<Step> steps) {
        run(1, steps);
    }

    @Property(tries = 1000)
    void threeBreakersSharingAStore_agreeWithModel(@ForAll("steps") List<Step> steps) {
        run(3, steps);
    }

    private void run(int instances, List<Step> steps) {
        TestClock clock = new TestClock();
        InMemoryStateStore store = new InMemoryStateStore(clock);
        List<CircuitBreakerRegistry> registries = new ArrayList<>();
        List<CircuitBreaker> fleet = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                CircuitBreakerRegistry r = CircuitBreakerRegistry.builder(store).instanceId("i" + i).clock(clock)
                        .storeRequestTimeout(Duration.ofSeconds(5)).build();
                registries.add(r);
                fleet.add(r.circuitBreaker("c", CONFIG));
            }
            ReferenceBreaker model = new ReferenceBreaker();
            List<Running> running = new ArrayList<>();
            syncAll(registries);
            check(fleet, model, clock, "start");
            for (Step step : steps) {
                apply(step, fleet, model, clock, store, instances, running);
                if (model.indeterminate) {
                    return;
                }
                syncAll(registries);
                model.sync(clock.millis());
                check(fleet, model, clock, step.toString());
            }
        } finally {
            registries.forEach(CircuitBreakerRegistry::close);
        }
    }

    private static void apply(Step step, List<CircuitBreaker> fleet, ReferenceBreaker model, TestClock clock,
            InMemoryStateStore store, int instances, List<Running> running) {
        if (step instanceof Hold h) {
            io.fleetbreaker.Admission admission = fleet.get(h.instance() % instances).tryAcquirePermission();
            ReferenceBreaker.Held expected = model.hold(clock.millis(), h.instance() % instances);
            if (model.indeterminate) {
                return;
            }
            assertThat(admission.isPermitted()).as("admitted %s in %s", h, model.state).isEqualTo(expected != null);
            if (admission instanceof Permit p) {
                running.add(new Running(p, expected));
            }
        } else if (step instanceof Finish f) {
            if (running.isEmpty()) {
                return;
            }
            Running r = running.remove(f.which() % running.size());
            switch (f.outcome()) {
                case "success" -> r.permit().onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
                case "failure" -> r.permit().onFailure(Duration.ofMillis(1), null).toCompletableFuture().join();
                default -> r.permit().release().toCompletableFuture().join();
            }
            model.finish(r.expected(), f.outcome(), clock.millis());
        } else if (step instanceof Call c) {
            CircuitBreaker cb = fleet.get(c.instance() % instances);
            CircuitState before = model.state;
            boolean admitted = cb.tryAcquirePermission() instanceof Permit p && finish(p, c.failure());
            boolean expected = model.call(clock.millis(), c.failure(), c.instance() % instances);
            if (!model.indeterminate) {
                assertThat(admitted).as("admitted %s in %s", c, before).isEqualTo(expected);
            }
        } else if (step instanceof Advance a) {
            clock.advance(Duration.ofMillis(a.millis()));
        } else if (step instanceof Operate o) {
            fleet.get(o.instance() % instances).apply(o.action(), "op", "test").toCompletableFuture().join();
            model.operate(o.action());
        } else {
            store.clear();
            model.storeLost(clock.millis());
        }
    }

    record Running(Permit permit, ReferenceBreaker.Held expected) {
    }

    private static boolean finish(Permit p, boolean failure) {
        (failure ? p.onFailure(Duration.ofMillis(1), null) : p.onSuccess(Duration.ofMillis(1)))
                .toCompletableFuture().join();
        return true;
    }

    private static void check(List<CircuitBreaker> fleet, ReferenceBreaker model, TestClock clock, String after) {
        for (CircuitBreaker cb : fleet) {
            assertThat(cb.state()).as("state after %s", after).isEqualTo(model.state);
            assertThat(cb.generation()).as("generation after %s", after).isEqualTo(model.generation);
        }
        if (model.state == CircuitState.CLOSED || model.state == CircuitState.FORCED_CLOSED) {
            CircuitSnapshot s = fleet.get(0).snapshot().toCompletableFuture().join();
            assertThat(s.window().failures()).as("window failures after %s", after)
                    .isEqualTo(model.windowFailures(clock.millis()));
        }
        if (model.state == CircuitState.OPEN) {
            CircuitSnapshot s = fleet.get(0).snapshot().toCompletableFuture().join();
            assertThat(s.openUntilEpochMillis()).as("open deadline after %s", after).isEqualTo(model.openUntil);
        }
    }

    private static void syncAll(List<CircuitBreakerRegistry> registries) {
        registries.forEach(r -> r.syncNow().toCompletableFuture().join());
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> call = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(true, true, false)).as(Call::new);
        Arbitrary<Step> advance = Arbitraries.of(200L, 700L, 1_000L, 1_200L, 3_000L, 6_000L, 25_000L).map(Advance::new);
        Arbitrary<Step> operate = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(OperatorAction.class)).as(Operate::new);
        Arbitrary<Step> lose = Arbitraries.just(new LoseStore());
        Arbitrary<Step> hold = Arbitraries.integers().between(0, 2).map(Hold::new);
        Arbitrary<Step> finish = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.of("success", "success", "failure", "release")).as(Finish::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, call), net.jqwik.api.Tuple.of(4, advance),
                net.jqwik.api.Tuple.of(3, hold), net.jqwik.api.Tuple.of(3, finish),
                net.jqwik.api.Tuple.of(1, operate), net.jqwik.api.Tuple.of(1, lose))
                .list().ofMinSize(1).ofMaxSize(60);
    }
}
