package io.fleetbreaker.bench;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure 2b: an idle fleet with many configured circuits. Every instance has every circuit and takes no traffic; the
 * synchroniser runs at {@link FleetInstance#SYNC_INTERVAL}. Counted: client round trips per instance per sync
 * interval (wall time of the period divided by the interval), and memcached operations for context.
 * Target: at most 1 round trip per instance per interval.
 */
public final class IdleFleetScenario {

    private static final Duration SETTLE = Duration.ofSeconds(2);

    public List<Figure> run(Mode mode) {
        try (MemcachedServer server = new MemcachedServer()) {
            server.start();
            return measure(server, mode);
        }
    }

    private List<Figure> measure(MemcachedServer server, Mode mode) {
        List<FleetInstance> fleet = new ArrayList<>();
        try {
            CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
            for (int i = 0; i < mode.idleInstances(); i++) {
                FleetInstance instance = FleetInstance.connect(server.address(), "idle-" + i, null);
                for (int c = 0; c < mode.idleCircuits(); c++) {
                    instance.registry().circuitBreaker("svc-" + c, config);
                }
                fleet.add(instance.start());
            }
            LockSupport.parkNanos(SETTLE.toNanos());
            FleetInstance.awaitNormal(fleet);

            MachineLoad load = MachineLoad.sample();
            int degradedBefore = fleet.stream().mapToInt(FleetInstance::degradedEpisodes).sum();
            MemcachedStats before = MemcachedStats.read(server);
            long tripsBefore = fleet.stream().mapToLong(i -> i.store().roundTrips()).sum();
            long start = System.nanoTime();
            LockSupport.parkNanos(mode.idleDuration().toNanos());
            long elapsed = System.nanoTime() - start;
            long trips = fleet.stream().mapToLong(i -> i.store().roundTrips()).sum() - tripsBefore;
            MemcachedStats delta = MemcachedStats.read(server).minus(before);
            String context = String.format("; degraded episodes during the run (all instances): %d; %s",
                    fleet.stream().mapToInt(FleetInstance::degradedEpisodes).sum() - degradedBefore,
                    MachineLoad.sample().since(load));

            double intervals = (double) elapsed / FleetInstance.SYNC_INTERVAL.toNanos();
            double perInstanceInterval = trips / intervals / fleet.size();
            double opsPerInstanceInterval = delta.operations() / intervals / fleet.size();
            String setup = String.format("%d instances × %d circuits, idle %.1f s, sync.interval %d ms",
                    fleet.size(), mode.idleCircuits(), elapsed / 1e9, FleetInstance.SYNC_INTERVAL.toMillis());
            return List.of(
                    Figure.of("idle fleet: round trips / instance / interval", "≤ 1",
                            String.format("%.2f", perInstanceInterval), "-", Figure.ratio(perInstanceInterval, 1)
                                    + "× target", perInstanceInterval <= 1.0)
                            .withNote(setup + context + "; instance 0 over the whole run, start-up included: "
                                    + fleet.get(0).store().breakdown()),
                    Figure.of("idle fleet: memcached ops / instance / interval", "(context)",
                            String.format("%.2f", opsPerInstanceInterval), "-", "-", null)
                            .withNote(delta.breakdown()));
        } finally {
            fleet.forEach(FleetInstance::close);
        }
    }
}
