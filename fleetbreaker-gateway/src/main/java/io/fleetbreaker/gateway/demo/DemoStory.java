package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The story itself, phase by phase, once the fleet is up and the client traffic runs: healthy, the downstream fails
 * and the trip reaches every instance, OPEN rejects without touching the downstream, HALF_OPEN admits only the
 * permitted probes fleet-wide, and CLOSED again. Each phase narrates what it sees and records its checks.
 * Not thread-safe: one story, told once, on one thread.
 */
final class DemoStory {

    private static final String HALF_OPEN_PHASE = "4. HALF_OPEN: only the permitted probes, fleet-wide";

    private final DemoScenario.Settings s;
    private final CircuitLimits limits;
    private final Fleet fleet;
    private final DownstreamControl downstream;
    private final TransitionLog transitions;
    private final DemoHttp http;
    private final Timeline timeline;
    private final TrafficDrivers drivers;

    /** The newest generation before the trip: later sightings must be newer, so an earlier run's do not count. */
    private long generationBeforeTrip;
    /** What the downstream had received when every instance rejected. */
    private long requestsAfterTrip;
    /** System.nanoTime() at which OPEN ends. */
    private long openEndsAtNanos;
    /** When OPEN was first watched, wall clock: the downstream's arrivals from then on hold the probes. */
    private long openWatchedSinceEpochMillis;
    private boolean halfOpenPhaseShown;

    DemoStory(DemoScenario.Settings settings, CircuitLimits limits, Fleet fleet, DownstreamControl downstream,
              TransitionLog transitions, DemoHttp http, Timeline timeline, TrafficDrivers drivers) {
        this.s = settings;
        this.limits = limits;
        this.fleet = fleet;
        this.downstream = downstream;
        this.transitions = transitions;
        this.http = http;
        this.timeline = timeline;
        this.drivers = drivers;
    }

    void tell() throws InterruptedException {
        healthy();
        if (!trip()) {
            return;
        }
        open();
        int closed = halfOpenUntilClosed();
        closedAgain(closed);
    }

    private void healthy() throws InterruptedException {
        timeline.phase("1. Healthy");
        downstream.healthy();
        if (!fleet.allInState("CLOSED")) {
            timeline.say("the circuit is not CLOSED everywhere yet (an earlier run?); waiting for it to close");
            Poll.until(limits.openStateDuration().plusSeconds(30), 50, () -> fleet.allInState("CLOSED"));
        }
        TrafficDrivers.Tally healthy = trafficFor(s.healthyFor());
        timeline.say("%s", healthy.describe());
        fleet.showViews();
        timeline.check("healthy traffic passes", healthy.everyOutcomeIs("200") && fleet.allInState("CLOSED"),
                healthy.count("200") + " of " + healthy.total.sum() + " answered 200, CLOSED everywhere");
    }

    /** False when the trip did not reach every instance: the rest of the story would not mean anything. */
    private boolean trip() throws InterruptedException {
        int n = fleet.size();
        timeline.phase("2. The downstream starts failing");
        generationBeforeTrip = fleet.newestGeneration();
        downstream.reset();
        downstream.failEverything();
        drivers.nextPhase();
        timeline.say("downstream now answers 500 to every request");
        Set<String> seenOpen = new LinkedHashSet<>();
        long[] firstOpenSeen = {0};
        boolean tripped = Poll.until(Duration.ofSeconds(15), 10, () -> {
            fleet.views().forEach((gw, v) -> {
                if (v.isOpen() && v.isNewerThan(generationBeforeTrip) && seenOpen.add(gw)) {
                    if (seenOpen.size() == 1) {
                        firstOpenSeen[0] = System.nanoTime();
                    }
                    sighting(gw, v);
                }
            });
            return seenOpen.size() == n;
        });
        long allOpenAt = System.nanoTime();
        if (!timeline.check("the trip reached every instance", tripped,
                seenOpen.size() + " of " + n + " instances report OPEN")) {
            return false;
        }
        // every demo request admitted before the last instance learned has finished: the herd is complete
        Poll.until(Duration.ofSeconds(5), 5, () -> drivers.allCompletedRequestSentAfter(allOpenAt));
        openEndsAtNanos = firstOpenSeen[0] + limits.openStateDuration().toNanos();
        int rejecting = askEveryInstanceDirectly();
        timeline.check("every instance rejects", rejecting == n, rejecting + " of " + n
                + " instances answered 503 circuit_open without calling the downstream");
        JsonObject afterTrip = downstream.counters();
        long herd = DownstreamControl.byStatus(afterTrip, 500);
        TrafficDrivers.Tally failing = drivers.nextPhase();
        timeline.say("clients saw: %s", failing.describe());
        int threshold = limits.failureThreshold();
        timeline.say("HERD: the downstream received %d failing requests fleet-wide before every instance rejected "
                + "(failureThreshold %d, %d instances, bound %d + %d)", herd, threshold, n, threshold, n);
        timeline.check("herd within bound", herd >= threshold && herd <= (long) threshold + n,
                herd + " <= " + threshold + " + " + n);
        fleet.showViews();
        requestsAfterTrip = DownstreamControl.requests(afterTrip);
        return true;
    }

    /**
     * Sends one request to each instance itself; returns how many rejected it. Their retryAfterMs moves the end of
     * OPEN earlier when it says so: the instances know better than the first sighting.
     */
    private int askEveryInstanceDirectly() {
        int rejecting = 0;
        for (String gw : fleet.gateways()) {
            DemoHttp.Reply reply = http.getOrNull(gw + s.proxyPath());
            Object retryAfter = reply == null ? null : reply.json().getValue("retryAfterMs");
            if (retryAfter instanceof Number ms) {
                openEndsAtNanos = Math.min(openEndsAtNanos, System.nanoTime() + ms.longValue() * 1_000_000L);
            }
            boolean rejected = reply != null && reply.status() == 503 && "circuit_open".equals(reply.errorCode());
            rejecting += rejected ? 1 : 0;
            timeline.detail("%-10s direct request -> %s", fleet.name(gw), reply == null ? "no answer"
                    : reply.status() + " " + Objects.toString(reply.errorCode(), "") + " retryAfterMs="
                    + reply.json().getValue("retryAfterMs"));
        }
        return rejecting;
    }

    private void open() throws InterruptedException {
        timeline.phase("3. OPEN: the fleet protects the downstream");
        openWatchedSinceEpochMillis = System.currentTimeMillis();
        // watch at most 1.5 s, and stop 1 s before OPEN ends so the recovery is in place before the first probe
        long watchMillis = Math.min(1500, (openEndsAtNanos - System.nanoTime()) / 1_000_000L - 1000);
        if (watchMillis >= 200) {
            Thread.sleep(watchMillis);
            TrafficDrivers.Tally open = drivers.nextPhase();
            long duringOpen = DownstreamControl.requests(downstream.counters()) - requestsAfterTrip;
            timeline.say("clients saw: %s", open.describe());
            timeline.check("OPEN rejects without touching the downstream",
                    duringOpen == 0 && open.everyOutcomeIs("503 circuit_open"),
                    "downstream received " + duringOpen + " requests while " + open.count("503 circuit_open")
                            + " of " + open.total.sum() + " client requests were rejected");
        } else {
            timeline.say("(this machine is too busy to watch OPEN before it ends: %d ms left)", watchMillis + 1000);
        }
        downstream.recoverSlowly(s.recoveryLatency());
        timeline.say("downstream recovers: answers 200 again (slowly at first: %d ms per request)",
                s.recoveryLatency().toMillis());
        transitions.showLatest("OPEN");
        timeline.say("waiting for openStateDuration (%ss after the trip) to pass...", limits.openStateSeconds());
    }

    /** Watches every instance go HALF_OPEN and then CLOSED; returns how many were seen CLOSED. */
    private int halfOpenUntilClosed() throws InterruptedException {
        int n = fleet.size();
        Set<String> seenHalfOpen = new LinkedHashSet<>();
        Set<String> seenClosed = new LinkedHashSet<>();
        Poll.until(limits.openStateDuration().plusSeconds(20), 10, () -> {
            fleet.views().forEach((gw, v) -> {
                if (v.is("HALF_OPEN") && seenHalfOpen.add(gw)) {
                    if (showHalfOpenPhase()) {
                        drivers.nextPhase();
                    }
                    sighting(gw, v);
                }
                if (v.is("CLOSED") && v.isNewerThan(generationBeforeTrip) && seenClosed.add(gw)) {
                    showHalfOpenPhase();
                    sighting(gw, v);
                }
            });
            return seenClosed.size() == n;
        });
        TrafficDrivers.Tally halfOpen = drivers.nextPhase();
        for (String gw : fleet.gateways()) {
            if (!seenHalfOpen.contains(gw)) {
                timeline.detail("(%s went from OPEN to CLOSED between two polls of its /status)", fleet.name(gw));
            }
        }
        timeline.say("clients saw: %s", halfOpen.describe());
        long probes = transitions.countProbes(openWatchedSinceEpochMillis);
        int permitted = limits.halfOpenPermittedCalls();
        if (probes >= 0) {
            timeline.say("PROBES: the downstream received %d probe calls while HALF_OPEN (halfOpenPermittedCalls %d, "
                    + "fleet-wide across %d instances)", probes, permitted, n);
        }
        timeline.check("HALF_OPEN admitted at most the permitted probes fleet-wide", probes >= 0 && probes <= permitted,
                probes < 0 ? "could not be measured" : probes + " <= " + permitted);
        return seenClosed.size();
    }

    private void closedAgain(int closed) throws InterruptedException {
        int n = fleet.size();
        timeline.phase("5. CLOSED again");
        timeline.check("CLOSED on every instance", closed == n, closed + " of " + n + " instances report CLOSED");
        transitions.showLatest("CLOSED");
        downstream.healthy();
        TrafficDrivers.Tally after = trafficFor(s.healthyFor());
        timeline.say("downstream fully healthy; clients saw: %s", after.describe());
        timeline.check("traffic flows again", after.everyOutcomeIs("200"),
                after.count("200") + " of " + after.total.sum() + " answered 200");
        fleet.showViews();
        fleet.showOtherCircuits();
    }

    /** Phase 4 starts with the first HALF_OPEN or CLOSED sighting, whichever comes first; true the first time. */
    private boolean showHalfOpenPhase() {
        if (halfOpenPhaseShown) {
            return false;
        }
        halfOpenPhaseShown = true;
        timeline.phase(HALF_OPEN_PHASE);
        return true;
    }

    private void sighting(String gw, CircuitView v) {
        timeline.say("%s sees %s (generation %d)", fleet.name(gw), v.state(), v.generation());
    }

    /**
     * A fresh tally of the traffic over {@code d}, and on until every client has completed a request sent in that
     * time, so no request of the phase is missing from it.
     */
    private TrafficDrivers.Tally trafficFor(Duration d) throws InterruptedException {
        drivers.nextPhase();
        long start = System.nanoTime();
        Thread.sleep(d.toMillis());
        Poll.until(Duration.ofSeconds(15), 10, () -> drivers.allCompletedRequestSentAfter(start));
        return drivers.nextPhase();
    }
}
