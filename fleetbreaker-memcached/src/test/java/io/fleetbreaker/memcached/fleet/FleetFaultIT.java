package io.fleetbreaker.memcached.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Permit;
import io.fleetbreaker.testkit.MemcachedServer;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Store faults against a real memcached, each a named case: the fleet must end consistent (every instance on the same
 * state and generation) and live (no circuit stuck in OPEN or HALF_OPEN past its deadline).
 */
class FleetFaultIT {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @RegisterExtension
    final MemcachedServer memcached = new MemcachedServer();

    private final CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureThreshold(3)
            .failureRateThreshold(0).timeout(Duration.ofMillis(400)).openStateDuration(Duration.ofMillis(800))
            .halfOpenPermittedCalls(1).halfOpenSuccessThreshold(1).build();

    private TestFleet fleetOf(int instances, String prefix) throws Exception {
        TestFleet fleet = new TestFleet(memcached.address(), config, prefix);
        for (int i = 0; i < instances; i++) {
            fleet.add("i" + i, InstantSource.system(), null);
        }
        await().atMost(BOUND).until(() -> fleet.allAgree() && fleet.breakers.get(0).generation() > 0);
        return fleet;
    }

    private static void trip(CircuitBreaker cb) {
        while (cb.tryAcquirePermission() instanceof Permit p) {
            p.onFailure(Duration.ofMillis(1), null).toCompletableFuture().join();
        }
    }

    /** Healthy traffic until every instance is CLOSED again (probes succeed once the deadline passes). */
    private static void recover(TestFleet fleet) {
        await().atMost(BOUND).until(() -> {
            for (CircuitBreaker cb : fleet.breakers) {
                Admission a = cb.tryAcquirePermission();
                if (a instanceof Permit p) {
                    p.onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
                }
            }
            return fleet.allIn(CircuitState.CLOSED) && fleet.allAgree();
        });
    }

    @Test
    void memcachedKilledAndRestarted_instancesDegradeKeepAnsweringThenRejoinConsistent() throws Exception {
        try (TestFleet fleet = fleetOf(3, "kill")) {
            memcached.kill();
            // Every call still gets an answer, without blocking or throwing; the store failure degrades each instance.
            await().atMost(BOUND).until(() -> {
                fleet.breakers.forEach(cb -> {
                    if (cb.tryAcquirePermission() instanceof Permit p) {
                        p.onSuccess(Duration.ofMillis(1));
                    }
                });
                return fleet.registries.stream().allMatch(r -> r.isDegraded());
            });
            trip(fleet.breakers.get(0)); // degraded: instance 0 trips on its own traffic only
            assertThat(fleet.breakers.get(0).state()).isEqualTo(CircuitState.OPEN);
            assertThat(fleet.breakers.get(1).state()).isEqualTo(CircuitState.CLOSED);

            memcached.start();
            await().atMost(BOUND).until(fleet::noneDegraded);
            await().atMost(BOUND).until(fleet::allAgree);
            recover(fleet);
        }
    }

    @Test
    void flushAll_openCircuitStaysOpenUntilItsDeadlineThenRecovers() throws Exception {
        try (TestFleet fleet = fleetOf(3, "flush")) {
            trip(fleet.breakers.get(0));
            await().atMost(BOUND).until(() -> fleet.allIn(CircuitState.OPEN) && fleet.allAgree());
            long generation = fleet.breakers.get(1).generation();

            memcached.flushAll();

            await().atMost(BOUND).until(() -> fleet.allAgree() && fleet.breakers.get(1).generation() > generation);
            assertThat(fleet.breakers.get(1).state()).isIn(CircuitState.OPEN, CircuitState.HALF_OPEN);
            recover(fleet);
        }
    }

    @Test
    void recordKeyDeleted_recreatedAtAHigherGenerationEverywhere() throws Exception {
        try (TestFleet fleet = fleetOf(3, "evict")) {
            trip(fleet.breakers.get(0));
            await().atMost(BOUND).until(() -> fleet.allIn(CircuitState.OPEN) && fleet.allAgree());
            long generation = fleet.breakers.get(0).generation();

            assertThat(memcached.deleteKey("evict:r:" + TestFleet.CIRCUIT)).isTrue();
            // Deleting one key does not move the change counter: the next evaluation or deadline check finds the loss.
            recover(fleet);
            assertThat(fleet.breakers.get(0).generation()).isGreaterThan(generation);
        }
    }

    @Test
    void probeLeaseHeldByADeadInstance_expiresAndAnotherInstanceProbes() throws Exception {
        try (TestFleet fleet = fleetOf(2, "lease")) {
            trip(fleet.breakers.get(0));
            await().atMost(BOUND).until(() -> fleet.allIn(CircuitState.OPEN) && fleet.allAgree());
            // Instance 0 takes the only probe lease, then dies without reporting.
            Admission probe = await().atMost(BOUND)
                    .until(() -> fleet.breakers.get(0).tryAcquirePermission(), Admission::isPermitted);
            long leaseEnds = System.currentTimeMillis() + config.probeLease().toMillis();
            assertThat(((Permit) probe).isProbe()).isTrue();
            fleet.kill(0);
            CircuitBreaker survivor = fleet.breakers.get(1);
            assertThat(survivor.tryAcquirePermission().isPermitted()).as("lease still held").isFalse();

            Admission next = await().atMost(BOUND).until(survivor::tryAcquirePermission, Admission::isPermitted);
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(leaseEnds - 100);
            ((Permit) next).onSuccess(Duration.ofMillis(1)).toCompletableFuture().join();
            assertThat(survivor.state()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void clockSkewOfTwoSecondsBetweenInstances_fleetStaysConsistentAndLive() throws Exception {
        CircuitBreakerConfig slow = config.toBuilder().openStateDuration(Duration.ofSeconds(3)).build();
        TestFleet fleet = new TestFleet(memcached.address(), slow, "skew");
        try (fleet) {
            fleet.add("ahead", Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)), null);
            fleet.add("exact", InstantSource.system(), null);
            fleet.add("behind", Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-2)), null);
            await().atMost(BOUND).until(() -> fleet.allAgree() && fleet.breakers.get(0).generation() > 0);

            trip(fleet.breakers.get(2));
            await().atMost(BOUND).until(() -> fleet.allIn(CircuitState.OPEN) && fleet.allAgree());
            // The instance whose clock is ahead moves to HALF_OPEN first (up to 2 s early); the others follow it.
            await().atMost(BOUND).until(() -> fleet.allIn(CircuitState.HALF_OPEN) && fleet.allAgree());
            recover(fleet);
        }
    }
}
