package io.fleetbreaker.bench;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Permit;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure 3: propagation. Five in-process instances share one circuit; the driver walks it round the natural cycle
 * CLOSED → OPEN (one failure, on a rotating instance) → HALF_OPEN (the open deadline passes; whichever instance's
 * synchroniser notices first) → CLOSED (one probe success), so every transition is won by some instance. Each
 * registry has a listener stamping {@link System#nanoTime()} (one clock, one JVM) when its instance adopts a
 * generation; a transition's propagation time is from the winner's stamp ({@code byThisInstance}) to the last other
 * instance's stamp. Target: p99 ≤ sync.interval + 20 ms.
 */
public final class PropagationScenario {

    static final int INSTANCES = 5;
    private static final String CIRCUIT = "propagation";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ONE_MILLI = Duration.ofMillis(1);

    /** When each instance adopted one generation; index = instance. */
    private static final class Seen {
        final long[] nanos = new long[INSTANCES];
        volatile int winner = -1;
    }

    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

    public List<Figure> run(Mode mode) {
        try (MemcachedServer server = new MemcachedServer()) {
            server.start();
            return measure(server, mode);
        }
    }

    private List<Figure> measure(MemcachedServer server, Mode mode) {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureThreshold(1).failureRateThreshold(0)
                .openStateDuration(Duration.ofMillis(300)).halfOpenPermittedCalls(1).timeout(Duration.ofSeconds(1))
                .build();
        List<FleetInstance> fleet = new ArrayList<>();
        List<CircuitBreaker> circuits = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                FleetInstance instance = FleetInstance.connect(server.address(), "prop-" + i, listener(i));
                circuits.add(instance.registry().circuitBreaker(CIRCUIT, config));
                fleet.add(instance.start());
            }
            long generation = awaitAll(circuits, 1);
            FleetInstance.awaitNormal(fleet);
            MachineLoad load = MachineLoad.sample();
            int degradedBefore = fleet.stream().mapToInt(FleetInstance::degradedEpisodes).sum();
            List<Long> measured = new ArrayList<>();
            int step = 0;
            while (measured.size() < mode.transitions()) {
                CircuitState state = circuits.get(0).state();
                CircuitBreaker driver = circuits.get(step++ % INSTANCES);
                if (state == CircuitState.CLOSED) {
                    call(driver, false);
                } else if (state == CircuitState.HALF_OPEN) {
                    call(driver, true);
                } // OPEN: the deadline passes and a synchroniser moves it on
                generation = awaitAll(circuits, generation + 1);
                Long latency = latency(generation);
                if (latency != null) {
                    measured.add(latency);
                }
            }
            String context = String.format("; degraded episodes during the run: %d; %s",
                    fleet.stream().mapToInt(FleetInstance::degradedEpisodes).sum() - degradedBefore,
                    MachineLoad.sample().since(load));
            Figure f = figure(measured);
            return List.of(f.withNote(f.note() + context));
        } finally {
            fleet.forEach(FleetInstance::close);
        }
    }

    private BreakerListener listener(int instance) {
        return new BreakerListener() {
            @Override
            public void onTransition(StateTransition e) {
                long now = System.nanoTime();
                Seen s = seen.computeIfAbsent(e.generation(), g -> new Seen());
                s.nanos[instance] = now;
                if (e.byThisInstance()) {
                    s.winner = instance;
                }
            }
        };
    }

    private static void call(CircuitBreaker cb, boolean succeed) {
        Admission admission = cb.tryAcquirePermission();
        if (admission instanceof Permit permit) {
            (succeed ? permit.onSuccess(ONE_MILLI) : permit.onFailure(ONE_MILLI, null)).toCompletableFuture()
                    .orTimeout(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    /** Waits until every instance is at {@code generation} or later; returns the lowest generation seen. */
    private static long awaitAll(List<CircuitBreaker> circuits, long generation) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            long lowest = circuits.stream().mapToLong(CircuitBreaker::generation).min().orElse(0);
            if (lowest >= generation) {
                return lowest;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instances did not reach generation " + generation + " within "
                        + STEP_TIMEOUT + ": " + circuits.stream().map(c -> c.state() + "@" + c.generation()).toList());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Winner to last other instance, or {@code null} when the listeners did not record the generation completely. */
    private Long latency(long generation) {
        Seen s = seen.get(generation);
        if (s == null || s.winner < 0) {
            return null;
        }
        long last = Long.MIN_VALUE;
        for (int i = 0; i < INSTANCES; i++) {
            if (i != s.winner) {
                if (s.nanos[i] == 0) {
                    return null;
                }
                last = Math.max(last, s.nanos[i]);
            }
        }
        return Math.max(0, last - s.nanos[s.winner]);
    }

    private static Figure figure(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = percentile(sorted, 50) / 1e6;
        double p99 = percentile(sorted, 99) / 1e6;
        double max = sorted[sorted.length - 1] / 1e6;
        long target = FleetInstance.SYNC_INTERVAL.toMillis() + 20;
        return Figure.of("propagation p99 (5 instances)", "≤ " + target + " ms", String.format("%.1f ms", p99), "-",
                Figure.ratio(p99, target) + "× target", p99 <= target)
                .withNote(String.format("%d transitions; p50 %.1f ms, max %.1f ms; mean %.1f ms", sorted.length, p50,
                        max, Arrays.stream(sorted).average().orElse(0) / 1e6));
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
