package io.fleetbreaker.gateway.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first-issue story, told against a running fleet: healthy traffic, the downstream fails, the circuit trips and
 * every instance rejects, the fleet admits only the permitted probes in HALF_OPEN, the downstream recovers and every
 * instance is CLOSED again. Every number it reports about the downstream comes from the downstream's own counters.
 * This class wires the parts: {@link FleetStartup} waits for the fleet, {@link DemoStory} tells the phases while
 * {@link TrafficDrivers} send the client traffic, and the {@link Timeline} sums up the checks.
 */
final class DemoScenario {

    /** What the scenario talks to and how it paces itself. */
    record Settings(String entry, List<String> gateways, String downstream, String circuit, String path,
                    long paceMillis, Duration healthyFor, Duration recoveryLatency, int failureThreshold,
                    int halfOpenPermittedCalls, Duration openStateDuration, Duration startupTimeout) {

        /** The path that sends a request through the circuit. */
        String proxyPath() {
            return "/proxy/" + circuit + path;
        }
    }

    private final Settings s;
    private final DemoHttp http;
    private final Timeline timeline;
    private final Fleet fleet;
    private final DownstreamControl downstream;
    private final TransitionLog transitions;

    DemoScenario(Settings settings, DemoHttp http, Timeline timeline, long startEpochMillis, long startNanos) {
        this.s = settings;
        this.http = http;
        this.timeline = timeline;
        this.fleet = new Fleet(settings.gateways(), settings.circuit(), http, timeline);
        this.downstream = new DownstreamControl(settings.downstream(), http, timeline);
        this.transitions = new TransitionLog(fleet, downstream, timeline, settings.recoveryLatency(), startEpochMillis,
                startNanos);
    }

    /** Runs the whole story; 0 when every check passed, 1 when one failed, 2 when the fleet was not reachable. */
    int run() throws InterruptedException {
        Optional<CircuitLimits> limits = new FleetStartup(s, fleet, downstream, http, timeline).await();
        if (limits.isEmpty()) {
            timeline.summary();
            return 2;
        }
        try (TrafficDrivers drivers = new TrafficDrivers(http, trafficTargets(), s.paceMillis())) {
            drivers.start();
            new DemoStory(s, limits.get(), fleet, downstream, transitions, http, timeline, drivers).tell();
        }
        timeline.summary();
        return timeline.allPassed() ? 0 : 1;
    }

    /** One client per instance: each to its own instance, or all through the entry point when there is one. */
    private List<String> trafficTargets() {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < s.gateways().size(); i++) {
            targets.add((s.entry() != null ? s.entry() : s.gateways().get(i)) + s.proxyPath());
        }
        return targets;
    }
}
