package io.fleetbreaker.bench;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.Permit;
import io.fleetbreaker.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 2a: memcached operations per protected call while one instance serves a steady, healthy load over a few
 * circuits. Counted by memcached's own {@code stats} (operations, multi-get keys counted one by one) and by a
 * {@link CountingStateStore} (client round trips), over the measured period only (after a warm-up that creates the
 * records). Target: at most 0.01 store operations per call.
 */
public final class StoreTrafficScenario {

    static final double TARGET = 0.01;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration ONE_MILLI = Duration.ofMillis(1);

    public List<Figure> run(Mode mode) {
        try (MemcachedServer server = new MemcachedServer()) {
            server.start();
            return measure(server, mode);
        }
    }

    private List<Figure> measure(MemcachedServer server, Mode mode) {
        Downstream downstream = new Downstream();
        try (FleetInstance instance = FleetInstance.connect(server.address(), "traffic-1", null)) {
            List<CircuitBreaker> circuits = new ArrayList<>();
            for (int i = 0; i < mode.trafficCircuits(); i++) {
                circuits.add(instance.registry().circuitBreaker("svc-" + i, CircuitBreakerConfig.ofDefaults()));
            }
            instance.start();
            Pacer pacer = new Pacer(1_000_000_000L / mode.trafficCallsPerSecond(), 0);
            drive(circuits, downstream, pacer, WARM_UP);
            FleetInstance.awaitNormal(List.of(instance));

            MachineLoad load = MachineLoad.sample();
            int degradedBefore = instance.degradedEpisodes();
            MemcachedStats before = MemcachedStats.read(server);
            long roundTripsBefore = instance.store().roundTrips();
            long calls = drive(circuits, downstream, pacer, mode.trafficDuration());
            long roundTrips = instance.store().roundTrips() - roundTripsBefore;
            MemcachedStats delta = MemcachedStats.read(server).minus(before);
            String context = String.format("; degraded episodes during the run: %d; %s",
                    instance.degradedEpisodes() - degradedBefore, MachineLoad.sample().since(load));

            double opsPerCall = (double) delta.operations() / calls;
            double tripsPerCall = (double) roundTrips / calls;
            String setup = String.format("1 instance, %d circuits, %d calls/s for %d s (%d calls)",
                    mode.trafficCircuits(), mode.trafficCallsPerSecond(), mode.trafficDuration().toSeconds(), calls);
            return List.of(
                    Figure.of("store ops per call (memcached stats)", "≤ " + TARGET, String.format("%.4f", opsPerCall),
                            "-", Figure.ratio(opsPerCall, TARGET) + "× target", opsPerCall <= TARGET)
                            .withNote(setup + "; " + delta.breakdown() + context),
                    Figure.of("store calls per call (StateStore API)", "≤ " + TARGET,
                            String.format("%.4f", tripsPerCall), "-", Figure.ratio(tripsPerCall, TARGET) + "× target",
                            tripsPerCall <= TARGET).withNote(instance.store().breakdown() + " (whole run, warm-up included); an incr that creates its"
                            + " key is one call here but incr + add (2 round trips) in memcached"));
        }
    }

    /** Round-robin over the circuits at the pacer's rate for {@code duration}; returns the calls made. */
    private static long drive(List<CircuitBreaker> circuits, Downstream downstream, Pacer pacer, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long calls = 0;
        while (System.nanoTime() - end < 0) {
            pacer.awaitNext();
            CircuitBreaker cb = circuits.get((int) (calls % circuits.size()));
            Admission admission = cb.tryAcquirePermission();
            if (admission instanceof Permit permit) {
                if (downstream.call()) {
                    permit.onSuccess(ONE_MILLI);
                } else {
                    permit.onFailure(ONE_MILLI, null).toCompletableFuture().join();
                }
            }
            calls++;
        }
        return calls;
    }
}
