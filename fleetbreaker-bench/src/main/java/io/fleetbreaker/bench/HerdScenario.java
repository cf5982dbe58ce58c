package io.fleetbreaker.bench;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Permit;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.testkit.MemcachedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Figures 4 and 5: herds. Five in-process instances each take 200 calls/s (one thread per instance, the instances
 * offset by a fifth of the period: round-robin), and every call goes both through the instance's Fleetbreaker circuit
 * and through its own Resilience4j breaker, each side with its own {@link Downstream} sharing the healthy/failing
 * switch. Each episode:
 * <ol>
 *   <li>healthy until every breaker on both sides is CLOSED;</li>
 *   <li>failing: count the calls each side's downstream receives until every instance of that side rejects
 *       (figure 4; target ≤ failureThreshold + 2 × instances);</li>
 *   <li>healthy again: count the calls admitted while a breaker was HALF_OPEN, until everything is CLOSED
 *       (figure 5; target ≤ halfOpenPermittedCalls fleet-wide).</li>
 * </ol>
 * A Fleetbreaker failure waits on its permit's stage before that instance's next call, as the gateway does.
 * Resilience4j has no absolute failure count, so "failureThreshold 20" is a count window of 20 calls that trips at a
 * 100 % failure rate: 20 consecutive failures per instance.
 */
public final class HerdScenario {

    static final int INSTANCES = 5;
    static final int CALLS_PER_SECOND = 200;
    static final int FAILURE_THRESHOLD = 20;
    static final int PROBES = 3;
    private static final Duration OPEN_DURATION = Duration.ofSeconds(1);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration ONE_MILLI = Duration.ofMillis(1);
    private static final String CIRCUIT = "herd";

    private final Downstream fleetDownstream = new Downstream();
    private final Downstream r4jDownstream = new Downstream();
    private final List<CircuitBreaker> fleet = new ArrayList<>();
    private final List<io.github.resilience4j.circuitbreaker.CircuitBreaker> r4j = new ArrayList<>();
    /** Generations that were HALF_OPEN, from the transition events. */
    private final Set<Long> halfOpenGenerations = ConcurrentHashMap.newKeySet();
    /** Fleetbreaker calls that reached the downstream, by the generation they were admitted in. */
    private final ConcurrentHashMap<Long, java.util.concurrent.atomic.LongAdder> callsByGeneration =
            new ConcurrentHashMap<>();
    /** Resilience4j calls admitted while that instance's breaker was HALF_OPEN, per instance. */
    private final AtomicLongArray r4jHalfOpenCalls = new AtomicLongArray(INSTANCES);
    private volatile boolean running = true;

    public List<Figure> run(Mode mode) {
        try (MemcachedServer server = new MemcachedServer()) {
            server.start();
            return measure(server, mode);
        }
    }

    static CircuitBreakerConfig fleetConfig() {
        return CircuitBreakerConfig.builder().failureThreshold(FAILURE_THRESHOLD).failureRateThreshold(0)
                .openStateDuration(OPEN_DURATION).halfOpenPermittedCalls(PROBES).timeout(Duration.ofSeconds(1))
                .build();
    }

    static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig r4jConfig() {
        return io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED).slidingWindowSize(FAILURE_THRESHOLD)
                .minimumNumberOfCalls(FAILURE_THRESHOLD).failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_DURATION).permittedNumberOfCallsInHalfOpenState(PROBES).build();
    }

    private List<Figure> measure(MemcachedServer server, Mode mode) {
        List<FleetInstance> instances = new ArrayList<>();
        List<Thread> drivers = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                FleetInstance instance = FleetInstance.connect(server.address(), "herd-" + i, listener());
                fleet.add(instance.registry().circuitBreaker(CIRCUIT, fleetConfig()));
                instances.add(instance.start());
                r4j.add(io.github.resilience4j.circuitbreaker.CircuitBreaker.of("herd-" + i, r4jConfig()));
            }
            await(() -> fleet.stream().allMatch(c -> c.generation() > 0), "records read");
            long period = 1_000_000_000L / CALLS_PER_SECOND;
            for (int i = 0; i < INSTANCES; i++) {
                int index = i;
                Pacer pacer = new Pacer(period, period * i / INSTANCES);
                Thread t = new Thread(() -> drive(index, pacer), "herd-driver-" + i);
                t.setDaemon(true);
                t.start();
                drivers.add(t);
            }
            FleetInstance.awaitNormal(instances);
            MachineLoad load = MachineLoad.sample();
            int degradedBefore = instances.stream().mapToInt(FleetInstance::degradedEpisodes).sum();
            List<long[]> episodes = new ArrayList<>();
            int unfinished = 0;
            for (int e = 0; e < mode.herdEpisodes() + unfinished && unfinished < 5; e++) {
                try {
                    episodes.add(episode());
                } catch (IllegalStateException stuck) {
                    // Reported, not hidden: the episode is left out and another one is run in its place.
                    System.out.println("   herd episode did not finish: " + stuck.getMessage() + "; fleet "
                            + fleet.stream().map(c -> c.state() + "@" + c.generation()).toList() + ", R4J "
                            + r4j.stream().map(c -> c.getState().toString()).toList());
                    unfinished++;
                }
            }
            if (episodes.isEmpty()) {
                throw new IllegalStateException("no herd episode finished");
            }
            String context = String.format("; episodes that did not finish within %d s (left out): %d; "
                            + "degraded episodes during the run: %d; %s", STEP_TIMEOUT.toSeconds(), unfinished,
                    instances.stream().mapToInt(FleetInstance::degradedEpisodes).sum() - degradedBefore,
                    MachineLoad.sample().since(load));
            return figures(episodes).stream().map(f -> f.withNote(f.note() + context)).toList();
        } finally {
            running = false;
            for (Thread t : drivers) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            instances.forEach(FleetInstance::close);
        }
    }

    /** One episode: {fleet failing calls, r4j failing calls, fleet half-open calls, r4j half-open calls}. */
    private long[] episode() {
        fleetDownstream.failing(false);
        r4jDownstream.failing(false);
        await(this::allClosed, "every breaker CLOSED");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));

        long fleetBefore = fleetDownstream.failed();
        long r4jBefore = r4jDownstream.failed();
        fleetDownstream.failing(true);
        r4jDownstream.failing(true);
        await(() -> fleet.stream().allMatch(c -> c.state() == CircuitState.OPEN)
                && r4j.stream().allMatch(c -> c.getState()
                        == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN), "every breaker OPEN");
        // A call admitted just before an instance adopted OPEN may still be on its way: let it land.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        long fleetFailing = fleetDownstream.failed() - fleetBefore;
        long r4jFailing = r4jDownstream.failed() - r4jBefore;

        long fleetGeneration = fleet.stream().mapToLong(CircuitBreaker::generation).max().orElse(0);
        for (int i = 0; i < INSTANCES; i++) {
            r4jHalfOpenCalls.set(i, 0);
        }
        fleetDownstream.failing(false);
        r4jDownstream.failing(false);
        await(this::allClosed, "every breaker CLOSED after HALF_OPEN");
        long fleetProbes = callsByGeneration.entrySet().stream()
                .filter(en -> en.getKey() > fleetGeneration && halfOpenGenerations.contains(en.getKey()))
                .mapToLong(en -> en.getValue().sum()).sum();
        long r4jProbes = 0;
        for (int i = 0; i < INSTANCES; i++) {
            r4jProbes += r4jHalfOpenCalls.get(i);
        }
        return new long[] {fleetFailing, r4jFailing, fleetProbes, r4jProbes};
    }

    private boolean allClosed() {
        return fleet.stream().allMatch(c -> c.state() == CircuitState.CLOSED) && r4j.stream().allMatch(
                c -> c.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    private BreakerListener listener() {
        return new BreakerListener() {
            @Override
            public void onTransition(StateTransition e) {
                if (e.to() == CircuitState.HALF_OPEN) {
                    halfOpenGenerations.add(e.generation());
                }
            }
        };
    }

    private void drive(int instance, Pacer pacer) {
        CircuitBreaker cb = fleet.get(instance);
        io.github.resilience4j.circuitbreaker.CircuitBreaker peer = r4j.get(instance);
        while (running) {
            pacer.awaitNext();
            Admission admission = cb.tryAcquirePermission();
            if (admission instanceof Permit permit) {
                callsByGeneration.computeIfAbsent(permit.generation(),
                        g -> new java.util.concurrent.atomic.LongAdder()).increment();
                if (fleetDownstream.call()) {
                    permit.onSuccess(ONE_MILLI);
                } else {
                    try {
                        permit.onFailure(ONE_MILLI, null).toCompletableFuture().get(1, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // never completes exceptionally; a timeout only means the next call goes ahead
                    }
                }
            }
            if (peer.tryAcquirePermission()) {
                if (peer.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.HALF_OPEN) {
                    r4jHalfOpenCalls.incrementAndGet(instance);
                }
                if (r4jDownstream.call()) {
                    peer.onSuccess(1, TimeUnit.MILLISECONDS);
                } else {
                    peer.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("500"));
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("herd scenario: not " + what + " within " + STEP_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static List<Figure> figures(List<long[]> episodes) {
        long[] fleetFailing = column(episodes, 0);
        long[] r4jFailing = column(episodes, 1);
        long[] fleetProbes = column(episodes, 2);
        long[] r4jProbes = column(episodes, 3);
        int herdTarget = FAILURE_THRESHOLD + 2 * INSTANCES;
        long worstHerd = fleetFailing[fleetFailing.length - 1];
        long worstProbes = fleetProbes[fleetProbes.length - 1];
        return List.of(
                Figure.of("trip herd: failing calls fleet-wide (worst episode)", "≤ " + herdTarget,
                        Long.toString(worstHerd), r4jFailing[r4jFailing.length - 1] + " (R4J ×5)",
                        Figure.ratio(worstHerd, r4jFailing[r4jFailing.length - 1]), worstHerd <= herdTarget)
                        .withNote(String.format("%d episodes, 5 × 200 calls/s, failureThreshold %d; Fleetbreaker "
                                        + "median %d min %d; R4J median %d", episodes.size(), FAILURE_THRESHOLD,
                                median(fleetFailing), fleetFailing[0], median(r4jFailing))),
                Figure.of("half-open probes fleet-wide (worst episode)", "≤ " + PROBES, Long.toString(worstProbes),
                        r4jProbes[r4jProbes.length - 1] + " (R4J ×5)",
                        Figure.ratio(worstProbes, r4jProbes[r4jProbes.length - 1]), worstProbes <= PROBES)
                        .withNote(String.format("%d episodes, halfOpenPermittedCalls %d; Fleetbreaker median %d; "
                                        + "R4J median %d fleet-wide = %d per instance", episodes.size(), PROBES,
                                median(fleetProbes), median(r4jProbes), median(r4jProbes) / INSTANCES)));
    }

    private static long[] column(List<long[]> rows, int i) {
        return rows.stream().mapToLong(r -> r[i]).sorted().toArray();
    }

    private static long median(long[] sorted) {
        return sorted[(sorted.length - 1) / 2];
    }
}
