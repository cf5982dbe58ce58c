package io.fleetbreaker.memcached.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.Outcome;
import io.fleetbreaker.Permit;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.OutcomeRecorded;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.event.StoreHealthChanged;
import io.fleetbreaker.memcached.MemcachedStateStore;
import io.fleetbreaker.store.Versioned;
import io.fleetbreaker.testkit.MemcachedServer;
import io.fleetbreaker.window.WindowCounts;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 8 instances (each with its own Memcached client) × 4 threads hammer one circuit through many trips while the
 * "downstream" flips between failing and healthy. Checked afterwards, per generation: exactly one instance won the
 * transition into it; no more than {@code halfOpenPermittedCalls} probes were admitted fleet-wide; and the failures
 * counted in Memcached equal the failures the instances reported (none lost, none counted in the wrong generation).
 * Probes report at once, well within their 2 s lease, so no lease expires and frees a slot for an extra probe.
 */
class FleetConcurrencyIT {

    private static final int INSTANCES = 8;
    private static final int THREADS = 4;
    private static final int PROBES = 3;

    @RegisterExtension
    final MemcachedServer memcached = new MemcachedServer();

    private final Map<Long, List<String>> winners = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> reportedFailures = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> probesAdmitted = new ConcurrentHashMap<>();
    private final AtomicInteger storeHealthChanges = new AtomicInteger();

    @Test
    void eightInstancesFourThreadsEach_manyTrips_oneWinnerPerGenerationProbesBoundedNoFailureLost()
            throws Exception {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureThreshold(20).failureRateThreshold(0)
                .timeout(Duration.ofSeconds(2)).openStateDuration(Duration.ofMillis(150))
                .halfOpenPermittedCalls(PROBES).halfOpenSuccessThreshold(2).build();
        long start = System.currentTimeMillis();
        try (TestFleet fleet = new TestFleet(memcached.address(), config, "conc")) {
            for (int i = 0; i < INSTANCES; i++) {
                String id = "i" + i;
                fleet.add(id, InstantSource.system(), recorder(id));
            }
            AtomicBoolean downstreamFailing = new AtomicBoolean(true);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * THREADS);
            CountDownLatch done = new CountDownLatch(INSTANCES * THREADS);
            for (CircuitBreaker cb : fleet.breakers) {
                for (int t = 0; t < THREADS; t++) {
                    pool.execute(() -> {
                        try {
                            while (!stop.get()) {
                                call(cb, downstreamFailing.get());
                                // 32 spinning threads on 2 cores would starve the store's reply threads.
                                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                            }
                        } finally {
                            done.countDown();
                        }
                    });
                }
            }
            // The downstream flips every 250 ms: failing trips the circuit, healthy lets probes close it.
            long end = System.currentTimeMillis() + 6_000;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(250); // pacing the scenario, not synchronisation
                downstreamFailing.set(!downstreamFailing.get());
            }
            stop.set(true);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            pool.shutdown();
            assertThat(fleet.noneDegraded()).as("no instance fell back to local mode").isTrue();
        }
        long finish = System.currentTimeMillis();

        assertThat(storeHealthChanges.get()).as("store stayed healthy").isZero();
        long lastGeneration = winners.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(lastGeneration).as("many trips happened").isGreaterThanOrEqualTo(12);
        for (long g = 2; g <= lastGeneration; g++) {
            assertThat(winners.get(g)).as("winners of generation %d", g).hasSize(1);
        }
        probesAdmitted.forEach((g, n) -> assertThat(n.get()).as("probes in generation %d", g).isLessThanOrEqualTo(PROBES));
        assertThat(probesAdmitted).as("half-open episodes happened").isNotEmpty();
        Map<Long, Long> stored = storedFailures(reportedFailures.keySet(), start, finish);
        reportedFailures.forEach((g, n) -> assertThat(stored.getOrDefault(g, 0L))
                .as("failures of generation %d in the store", g).isEqualTo(n.get()));
    }

    private void call(CircuitBreaker cb, boolean fail) {
        if (cb.tryAcquirePermission() instanceof Permit p) {
            if (p.isProbe()) {
                probesAdmitted.computeIfAbsent(p.generation(), g -> new AtomicInteger()).incrementAndGet();
            }
            (fail ? p.onFailure(Duration.ofMillis(1), null) : p.onSuccess(Duration.ofMillis(1)))
                    .toCompletableFuture().join();
        }
    }

    private BreakerListener recorder(String instance) {
        return new BreakerListener() {
            @Override
            public void onTransition(StateTransition e) {
                if (e.byThisInstance()) {
                    winners.computeIfAbsent(e.generation(), g -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(instance);
                }
            }

            @Override
            public void onOutcome(OutcomeRecorded e) {
                if (!e.late() && !e.probe() && e.outcome() == Outcome.FAILURE) {
                    reportedFailures.computeIfAbsent(e.generation(), g -> new AtomicLong()).incrementAndGet();
                }
            }

            @Override
            public void onStoreHealth(StoreHealthChanged e) {
                storeHealthChanges.incrementAndGet();
            }
        };
    }

    /** Sums every window bucket of each generation, read back with a fresh client (key schema: docs/architecture.md). */
    private Map<Long, Long> storedFailures(java.util.Set<Long> generations, long start, long finish) throws Exception {
        MemcachedStateStore reader = MemcachedStateStore.connect(List.of(memcached.address()));
        try {
            reader.whenConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            Map<Long, Long> sums = new ConcurrentHashMap<>();
            for (long g : generations) {
                List<String> keys = new ArrayList<>();
                for (long b = start / 1000 - 1; b <= finish / 1000 + 1; b++) {
                    keys.add("conc:w:" + TestFleet.CIRCUIT + ":" + g + ":" + b);
                }
                Map<String, Versioned> found = reader.getAll(keys).toCompletableFuture().get(5, TimeUnit.SECONDS);
                long sum = found.values().stream()
                        .mapToLong(v -> WindowCounts.unpack(Long.parseUnsignedLong(v.value().trim())).failures())
                        .sum();
                sums.put(g, sum);
            }
            return sums;
        } finally {
            reader.close();
        }
    }
}
