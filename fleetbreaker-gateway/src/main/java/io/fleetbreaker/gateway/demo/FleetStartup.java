package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The scenario's first phase: waits until every instance is ready and shares the fleet store, the entry point and the
 * downstream answer, then reads the circuit's limits and says what the story is about to do.
 */
final class FleetStartup {

    private final DemoScenario.Settings s;
    private final Fleet fleet;
    private final DownstreamControl downstream;
    private final DemoHttp http;
    private final Timeline timeline;

    FleetStartup(DemoScenario.Settings settings, Fleet fleet, DownstreamControl downstream, DemoHttp http,
                 Timeline timeline) {
        this.s = settings;
        this.fleet = fleet;
        this.downstream = downstream;
        this.http = http;
        this.timeline = timeline;
    }

    /** The circuit's limits once the fleet is up; empty after the first check that failed. */
    Optional<CircuitLimits> await() throws InterruptedException {
        timeline.phase("Fleet");
        for (String gw : fleet.gateways()) {
            if (!expect("gateway " + gw + " ready", () -> fleet.isReady(gw), "/health/ready answers 200",
                    "no 200 from " + gw + "/health/ready within " + timeout())) {
                return Optional.empty();
            }
            fleet.learnName(gw);
        }
        for (String gw : fleet.gateways()) {
            // an instance that cannot reach the shared store runs degraded (its own breaker): not a fleet yet
            if (!expect(fleet.name(gw) + " shares the fleet store", () -> fleet.sharesStore(gw), "store ok",
                    "still degraded after " + timeout())) {
                return Optional.empty();
            }
        }
        if (s.entry() != null && !expect("entry " + s.entry() + " answers /status",
                () -> http.status(s.entry() + "/status") == 200, "through Caddy to the fleet",
                "no 200 within " + timeout())) {
            return Optional.empty();
        }
        if (!expect("downstream simulator answers", downstream::answers, downstream.controlUrl(),
                downstream.controlUrl())) {
            return Optional.empty();
        }
        CircuitLimits limits = readLimits();
        fleet.names().forEach((gw, name) -> timeline.detail("instance %-10s %s", name, gw));
        timeline.say("circuit %s: failureThreshold %d, openStateDuration %ss, halfOpenPermittedCalls %d (fleet-wide)",
                s.circuit(), limits.failureThreshold(), limits.openStateSeconds(), limits.halfOpenPermittedCalls());
        if (s.entry() != null) {
            timeline.say("traffic: %d clients, one request at a time each, through %s%s",
                    fleet.size(), s.entry(), s.proxyPath());
        } else {
            timeline.say("traffic: one client per instance, one request at a time each, to %s", s.proxyPath());
        }
        return Optional.of(limits);
    }

    /** Waits up to the startup timeout for {@code condition}, and records the outcome as a check. */
    private boolean expect(String check, BooleanSupplier condition, String passed, String failed)
            throws InterruptedException {
        boolean ok = Poll.until(s.startupTimeout(), 100, condition);
        return timeline.check(check, ok, ok ? passed : failed);
    }

    private String timeout() {
        return s.startupTimeout().toSeconds() + "s";
    }

    private CircuitLimits readLimits() {
        CircuitLimits fromCommandLine = new CircuitLimits(s.failureThreshold(), s.halfOpenPermittedCalls(),
                s.openStateDuration());
        JsonObject config = fleet.circuitApi().getJsonObject("config");
        if (config == null) {
            timeline.say("(no /api/v1/circuits/%s config: using the thresholds given on the command line)", s.circuit());
            return fromCommandLine;
        }
        return fromCommandLine.withConfig(config);
    }
}
