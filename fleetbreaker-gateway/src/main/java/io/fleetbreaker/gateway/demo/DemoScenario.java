package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The first-issue story, told against a running fleet: healthy traffic, the downstream fails, the circuit trips and
 * every instance rejects, the fleet admits only the permitted probes in HALF_OPEN, the downstream recovers and every
 * instance is CLOSED again. Every number it reports about the downstream comes from the downstream's own counters.
 */
final class DemoScenario {

    /** What the scenario talks to and how it paces itself. */
    record Settings(String entry, List<String> gateways, String downstream, String circuit, String path,
                    long paceMillis, Duration healthyFor, Duration recoveryLatency, int failureThreshold,
                    int halfOpenPermittedCalls, Duration openStateDuration, Duration startupTimeout) {
    }

    /** One instance's view of the circuit, from its {@code GET /status}. */
    record View(String state, long generation, long failuresOrSuccesses) {
        static final View UNREACHABLE = new View("UNREACHABLE", -1, -1);
    }

    private final Settings s;
    private final DemoHttp http;
    private final Timeline timeline;
    private final long startEpochMillis;
    private final long startNanos;
    private final Map<String, String> names = new LinkedHashMap<>();
    private int failureThreshold;
    private int permitted;
    private Duration openStateDuration;

    DemoScenario(Settings settings, DemoHttp http, Timeline timeline, long startEpochMillis, long startNanos) {
        this.s = settings;
        this.http = http;
        this.timeline = timeline;
        this.startEpochMillis = startEpochMillis;
        this.startNanos = startNanos;
        this.failureThreshold = settings.failureThreshold();
        this.permitted = settings.halfOpenPermittedCalls();
        this.openStateDuration = settings.openStateDuration();
    }

    /** Runs the whole story; 0 when every check passed, 1 when one failed, 2 when the fleet was not reachable. */
    int run() throws InterruptedException {
        if (!fleetUp()) {
            timeline.summary();
            return 2;
        }
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < s.gateways().size(); i++) {
            targets.add((s.entry() != null ? s.entry() : s.gateways().get(i)) + proxyPath());
        }
        try (TrafficDrivers drivers = new TrafficDrivers(http, targets, s.paceMillis())) {
            drivers.start();
            story(drivers);
        }
        timeline.summary();
        return timeline.allPassed() ? 0 : 1;
    }

    private String proxyPath() {
        return "/proxy/" + s.circuit() + s.path();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private boolean fleetUp() throws InterruptedException {
        timeline.phase("Fleet");
        for (String gw : s.gateways()) {
            boolean ready = until(s.startupTimeout(), 100, () -> status(gw + "/health/ready") == 200);
            if (!timeline.check("gateway " + gw + " ready", ready, ready ? "/health/ready answers 200"
                    : "no 200 from " + gw + "/health/ready within " + s.startupTimeout().toSeconds() + "s")) {
                return false;
            }
            names.put(gw, instanceName(gw));
        }
        for (String gw : s.gateways()) {
            // an instance that cannot reach the shared store runs degraded (its own breaker): not a fleet yet
            boolean shared = until(s.startupTimeout(), 100, () -> {
                String store = json(gw + "/api/v1/circuits").getString("store");
                return store == null || "ok".equals(store);
            });
            if (!timeline.check(names.get(gw) + " shares the fleet store", shared,
                    shared ? "store ok" : "still degraded after " + s.startupTimeout().toSeconds() + "s")) {
                return false;
            }
        }
        if (s.entry() != null) {
            boolean up = until(s.startupTimeout(), 100, () -> status(s.entry() + "/status") == 200);
            if (!timeline.check("entry " + s.entry() + " answers /status", up,
                    up ? "through Caddy to the fleet" : "no 200 within " + s.startupTimeout().toSeconds() + "s")) {
                return false;
            }
        }
        boolean downstreamUp = until(s.startupTimeout(), 100, () -> status(s.downstream() + "/__control") == 200);
        if (!timeline.check("downstream simulator answers", downstreamUp, s.downstream() + "/__control")) {
            return false;
        }
        readConfig();
        names.forEach((gw, name) -> timeline.detail("instance %-10s %s", name, gw));
        timeline.say("circuit %s: failureThreshold %d, openStateDuration %ss, halfOpenPermittedCalls %d (fleet-wide)",
                s.circuit(), failureThreshold, seconds(openStateDuration), permitted);
        if (s.entry() != null) {
            timeline.say("traffic: %d clients, one request at a time each, through %s%s",
                    s.gateways().size(), s.entry(), proxyPath());
        } else {
            timeline.say("traffic: one client per instance, one request at a time each, to %s", proxyPath());
        }
        return true;
    }

    private void story(TrafficDrivers drivers) throws InterruptedException {
        int n = s.gateways().size();

        // 1. healthy -------------------------------------------------------------------------------------------------
        timeline.phase("1. Healthy");
        setMode(new JsonObject().put("mode", "healthy"));
        if (!allInState("CLOSED")) {
            timeline.say("the circuit is not CLOSED everywhere yet (an earlier run?); waiting for it to close");
            until(openStateDuration.plusSeconds(30), 50, () -> allInState("CLOSED"));
        }
        drivers.nextPhase();
        runFor(drivers, s.healthyFor());
        TrafficDrivers.Tally healthy = drivers.nextPhase();
        timeline.say("%s", healthy.describe());
        showViews();
        timeline.check("healthy traffic passes", healthy.total.sum() > 0 && healthy.count("200") == healthy.total.sum()
                && allInState("CLOSED"), healthy.count("200") + " of " + healthy.total.sum() + " answered 200, CLOSED everywhere");

        // 2. failing -> trip -----------------------------------------------------------------------------------------
        timeline.phase("2. The downstream starts failing");
        long before = views().values().stream().mapToLong(View::generation).max().orElse(0);
        resetDownstream();
        setMode(new JsonObject().put("mode", "failing").put("rate", 1.0).put("status", 500));
        drivers.nextPhase();
        timeline.say("downstream now answers 500 to every request");
        Map<String, Boolean> seenOpen = new LinkedHashMap<>();
        long[] firstOpenSeen = {0};
        boolean tripped = until(Duration.ofSeconds(15), 10, () -> {
            Map<String, View> views = views();
            views.forEach((gw, v) -> {
                if (isOpenish(v.state()) && newer(v, before) && seenOpen.putIfAbsent(gw, true) == null) {
                    if (seenOpen.size() == 1) {
                        firstOpenSeen[0] = System.nanoTime();
                    }
                    timeline.say("%s sees %s (generation %d)", names.get(gw), v.state(), v.generation());
                }
            });
            return seenOpen.size() == n;
        });
        long allOpenAt = System.nanoTime();
        if (!timeline.check("the trip reached every instance", tripped,
                seenOpen.size() + " of " + n + " instances report OPEN")) {
            return;
        }
        // every demo request admitted before the last instance learned has finished: the herd is complete
        until(Duration.ofSeconds(5), 5, () -> drivers.allCompletedRequestSentAfter(allOpenAt));
        int rejecting = 0;
        // when OPEN ends, as the instances themselves say (retryAfterMs), else from the first sighting
        long openEndsAt = firstOpenSeen[0] + openStateDuration.toNanos();
        for (String gw : s.gateways()) {
            DemoHttp.Reply reply = call(gw + proxyPath());
            Object retryAfter = reply == null ? null : reply.json().getValue("retryAfterMs");
            if (retryAfter instanceof Number ms) {
                openEndsAt = Math.min(openEndsAt, System.nanoTime() + ms.longValue() * 1_000_000L);
            }
            boolean rejected = reply != null && reply.status() == 503 && "circuit_open".equals(reply.errorCode());
            rejecting += rejected ? 1 : 0;
            timeline.detail("%-10s direct request -> %s", names.get(gw), reply == null ? "no answer"
                    : reply.status() + " " + Objects.toString(reply.errorCode(), "") + " retryAfterMs="
                    + reply.json().getValue("retryAfterMs"));
        }
        timeline.check("every instance rejects", rejecting == n, rejecting + " of " + n
                + " instances answered 503 circuit_open without calling the downstream");
        JsonObject afterTrip = control();
        long herd = byStatus(afterTrip, 500);
        TrafficDrivers.Tally failing = drivers.nextPhase();
        timeline.say("clients saw: %s", failing.describe());
        timeline.say("HERD: the downstream received %d failing requests fleet-wide before every instance rejected "
                + "(failureThreshold %d, %d instances, bound %d + %d)", herd, failureThreshold, n, failureThreshold, n);
        timeline.check("herd within bound", herd >= failureThreshold && herd <= (long) failureThreshold + n,
                herd + " <= " + failureThreshold + " + " + n);
        showViews();

        // 3. open ------------------------------------------------------------------------------------------------
        timeline.phase("3. OPEN: the fleet protects the downstream");
        long openCount = afterTrip.getLong("requests", 0L);
        long openEpoch = System.currentTimeMillis();
        // watch at most 1.5 s, and stop 1 s before OPEN ends so the recovery is in place before the first probe
        long watchMillis = Math.min(1500, (openEndsAt - System.nanoTime()) / 1_000_000L - 1000);
        if (watchMillis >= 200) {
            Thread.sleep(watchMillis);
            TrafficDrivers.Tally open = drivers.nextPhase();
            long duringOpen = control().getLong("requests", 0L) - openCount;
            timeline.say("clients saw: %s", open.describe());
            timeline.check("OPEN rejects without touching the downstream", duringOpen == 0
                            && open.total.sum() > 0 && open.count("503 circuit_open") == open.total.sum(),
                    "downstream received " + duringOpen + " requests while " + open.count("503 circuit_open")
                            + " of " + open.total.sum() + " client requests were rejected");
        } else {
            timeline.say("(this machine is too busy to watch OPEN before it ends: %d ms left)", watchMillis + 1000);
        }
        setMode(new JsonObject().put("mode", "slow").put("latencyMs", s.recoveryLatency().toMillis()));
        timeline.say("downstream recovers: answers 200 again (slowly at first: %d ms per request)",
                s.recoveryLatency().toMillis());
        showLatestTransition("OPEN");
        timeline.say("waiting for openStateDuration (%ss after the trip) to pass...", seconds(openStateDuration));

        // 4. half-open -> closed -----------------------------------------------------------------------------------
        Map<String, Boolean> seenHalfOpen = new LinkedHashMap<>();
        Map<String, Boolean> seenClosed = new LinkedHashMap<>();
        boolean[] phaseShown = {false};
        boolean closed = until(openStateDuration.plusSeconds(20), 10, () -> {
            Map<String, View> views = views();
            views.forEach((gw, v) -> {
                if ("HALF_OPEN".equals(v.state()) && seenHalfOpen.putIfAbsent(gw, true) == null) {
                    if (!phaseShown[0]) {
                        phaseShown[0] = true;
                        timeline.phase("4. HALF_OPEN: only the permitted probes, fleet-wide");
                        drivers.nextPhase();
                    }
                    timeline.say("%s sees HALF_OPEN (generation %d)", names.get(gw), v.generation());
                }
                if ("CLOSED".equals(v.state()) && newer(v, before) && seenClosed.putIfAbsent(gw, true) == null) {
                    if (!phaseShown[0]) {
                        phaseShown[0] = true;
                        timeline.phase("4. HALF_OPEN: only the permitted probes, fleet-wide");
                    }
                    timeline.say("%s sees CLOSED (generation %d)", names.get(gw), v.generation());
                }
            });
            return seenClosed.size() == n;
        });
        TrafficDrivers.Tally halfOpen = drivers.nextPhase();
        for (String gw : s.gateways()) {
            if (!seenHalfOpen.containsKey(gw)) {
                timeline.detail("(%s went from OPEN to CLOSED between two polls of its /status)", names.get(gw));
            }
        }
        timeline.say("clients saw: %s", halfOpen.describe());
        long probes = countProbes(openEpoch);
        if (probes >= 0) {
            timeline.say("PROBES: the downstream received %d probe calls while HALF_OPEN (halfOpenPermittedCalls %d, "
                    + "fleet-wide across %d instances)", probes, permitted, n);
        }
        timeline.check("HALF_OPEN admitted at most the permitted probes fleet-wide", probes >= 0 && probes <= permitted,
                probes < 0 ? "could not be measured" : probes + " <= " + permitted);

        // 5. closed ------------------------------------------------------------------------------------------------
        timeline.phase("5. CLOSED again");
        timeline.check("CLOSED on every instance", closed, seenClosed.size() + " of " + n + " instances report CLOSED");
        showLatestTransition("CLOSED");
        setMode(new JsonObject().put("mode", "healthy"));
        drivers.nextPhase();
        runFor(drivers, s.healthyFor());
        TrafficDrivers.Tally after = drivers.nextPhase();
        timeline.say("downstream fully healthy; clients saw: %s", after.describe());
        timeline.check("traffic flows again", after.total.sum() > 0 && after.count("200") == after.total.sum(),
                after.count("200") + " of " + after.total.sum() + " answered 200");
        showViews();
        showOtherCircuits();
    }

    // --- measuring probes ------------------------------------------------------------------------------------------

    /**
     * Probe calls = requests the downstream itself received between the fleet's HALF_OPEN transition and the CLOSED
     * transition that ended it (times from the gateway's transition log; arrivals from the downstream's own log).
     */
    private long countProbes(long sinceEpochMillis) {
        JsonArray arrivals = json(s.downstream() + "/__control/requests?since=" + sinceEpochMillis)
                .getJsonArray("requests", new JsonArray());
        // every instance's log; the maker's own entry carries the time it made the transition
        List<JsonObject> all = new ArrayList<>();
        for (String gw : s.gateways()) {
            JsonArray list = circuitApi(gw).getJsonArray("transitions");
            if (list != null) {
                for (int i = 0; i < list.size(); i++) {
                    all.add(list.getJsonObject(i));
                }
            }
        }
        JsonObject closedT = pick(all, "HALF_OPEN", "CLOSED", -1);
        JsonObject halfOpenT = closedT == null ? null
                : pick(all, null, "HALF_OPEN", closedT.getLong("generation", 0L) - 1);
        if (closedT != null && halfOpenT != null) {
            long from = halfOpenT.getLong("at");
            long to = closedT.getLong("at");
            long count = 0;
            for (int i = 0; i < arrivals.size(); i++) {
                long at = arrivals.getJsonObject(i).getLong("at");
                if (at >= from && at < to) {
                    count++;
                    timeline.detail("probe %d reached the downstream at %s (HALF_OPEN + %d ms)", count, relative(at),
                            at - from);
                }
            }
            timeline.say("HALF_OPEN lasted %d ms (generation %s by %s, closed by %s: %s)", to - from,
                    halfOpenT.getValue("generation"), halfOpenT.getString("by"), closedT.getString("by"),
                    closedT.getString("reason"));
            return count;
        }
        // No transition log: count what arrived before the first probe could have been answered; no outcome
        // existed yet, so the circuit could not have closed and every one of these was admitted as a probe.
        if (arrivals.isEmpty()) {
            timeline.say("no transition log from the gateway API and no arrivals at the downstream");
            return -1;
        }
        long first = arrivals.getJsonObject(0).getLong("at");
        long count = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.getJsonObject(i).getLong("at") < first + s.recoveryLatency().toMillis()) {
                count++;
            }
        }
        timeline.say("(no transition log from the gateway API: counted the arrivals before the first probe could be "
                + "answered)");
        return count;
    }

    /**
     * The transition {@code from -> to} of {@code generation} (or the newest one when -1), preferring the entry of the
     * instance that made it.
     */
    private static JsonObject pick(List<JsonObject> transitions, String from, String to, long generation) {
        JsonObject best = null;
        for (JsonObject t : transitions) {
            if (!to.equals(t.getString("to")) || (from != null && !from.equals(t.getString("from")))) {
                continue;
            }
            long gen = t.getLong("generation", -1L);
            if (generation >= 0 && gen != generation) {
                continue;
            }
            if (best == null || gen > best.getLong("generation", -1L)
                    || (gen == best.getLong("generation", -1L) && Boolean.TRUE.equals(t.getValue("byThisInstance"))
                    && !Boolean.TRUE.equals(best.getValue("byThisInstance")))) {
                best = t;
            }
        }
        return best;
    }

    // --- views -----------------------------------------------------------------------------------------------------

    private Map<String, View> views() {
        Map<String, View> out = new LinkedHashMap<>();
        for (String gw : s.gateways()) {
            out.put(gw, view(gw, s.circuit()));
        }
        return out;
    }

    private View view(String gw, String circuit) {
        JsonObject c = json(gw + "/status").getJsonObject(circuit);
        if (c == null) {
            return View.UNREACHABLE;
        }
        return new View(c.getString("state", "?"), c.getLong("generation", -1L),
                c.getLong("failures_or_successes", -1L));
    }

    private boolean allInState(String state) {
        return views().values().stream().allMatch(v -> state.equals(v.state()));
    }

    /** A view from after generation {@code before} (or from a /status that does not report generations). */
    private static boolean newer(View v, long before) {
        return v.generation() < 0 || v.generation() > before;
    }

    private static boolean isOpenish(String state) {
        return "OPEN".equals(state) || "FORCED_OPEN".equals(state);
    }

    private void showViews() {
        views().forEach((gw, v) -> timeline.detail("%-10s %-10s generation %-3d failures_or_successes %d",
                names.get(gw), v.state(), v.generation(), v.failuresOrSuccesses()));
    }

    private void showOtherCircuits() {
        JsonObject status = json(s.gateways().get(0) + "/status");
        for (String other : status.fieldNames()) {
            if (!other.equals(s.circuit())) {
                List<String> states = new ArrayList<>();
                for (String gw : s.gateways()) {
                    states.add(names.get(gw) + " " + view(gw, other).state());
                }
                timeline.say("circuit %s meanwhile: %s", other, String.join(", ", states));
            }
        }
    }

    private void showLatestTransition(String to) {
        JsonArray transitions = circuitApi().getJsonArray("transitions");
        if (transitions == null) {
            return;
        }
        for (int i = 0; i < transitions.size(); i++) {
            JsonObject t = transitions.getJsonObject(i);
            if (to.equals(t.getString("to"))) {
                timeline.say("transition %s -> %s (generation %s) made by %s at %s: %s", t.getString("from"), to,
                        t.getValue("generation"), t.getString("by"), relative(t.getLong("at", 0L)),
                        t.getString("reason"));
                return;
            }
        }
    }

    private String relative(long epochMillis) {
        return timeline.stamp(startNanos + (epochMillis - startEpochMillis) * 1_000_000L);
    }

    private JsonObject circuitApi() {
        return circuitApi(s.gateways().get(0));
    }

    private JsonObject circuitApi(String gw) {
        return json(gw + "/api/v1/circuits/" + s.circuit());
    }

    private void readConfig() {
        JsonObject config = circuitApi().getJsonObject("config");
        if (config == null) {
            timeline.say("(no /api/v1/circuits/%s config: using the thresholds given on the command line)", s.circuit());
            return;
        }
        failureThreshold = config.getInteger("failureThreshold", failureThreshold);
        permitted = config.getInteger("halfOpenPermittedCalls", permitted);
        Object open = config.getValue("openStateDuration");
        if (open instanceof String text) {
            openStateDuration = parseDuration(text, openStateDuration);
        }
    }

    static Duration parseDuration(String text, Duration fallback) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        return fallback;
    }

    private String instanceName(String gw) {
        String name = json(gw + "/health/live").getString("instance");
        return name != null ? name : "gw#" + (s.gateways().indexOf(gw) + 1);
    }

    // --- downstream ------------------------------------------------------------------------------------------------

    private void setMode(JsonObject mode) {
        DemoHttp.Reply reply = callPost(s.downstream() + "/__control/mode", mode);
        if (reply == null || reply.status() != 200) {
            timeline.say("could not set the downstream mode %s: %s", mode.encode(),
                    reply == null ? "no answer" : reply.status() + " " + reply.body());
        }
    }

    private void resetDownstream() {
        callPost(s.downstream() + "/__control/reset", new JsonObject());
    }

    private JsonObject control() {
        return json(s.downstream() + "/__control");
    }

    private static long byStatus(JsonObject control, int status) {
        JsonObject counts = control.getJsonObject("byStatus");
        return counts == null ? 0 : counts.getLong(Integer.toString(status), 0L);
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    private JsonObject json(String url) {
        DemoHttp.Reply reply = call(url);
        return reply == null ? new JsonObject() : reply.json();
    }

    private int status(String url) {
        DemoHttp.Reply reply = call(url);
        return reply == null ? -1 : reply.status();
    }

    private DemoHttp.Reply call(String url) {
        try {
            return http.get(url);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private DemoHttp.Reply callPost(String url, JsonObject body) {
        try {
            return http.post(url, body);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Lets the traffic run for {@code d}, and on until every client has completed a request sent in that time. */
    private static void runFor(TrafficDrivers drivers, Duration d) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(d.toMillis());
        until(Duration.ofSeconds(15), 10, () -> drivers.allCompletedRequestSentAfter(start));
    }

    /** Polls {@code condition} every {@code everyMillis} until it holds or {@code max} has passed. */
    static boolean until(Duration max, long everyMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.sleep(everyMillis);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%s", d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds())
                : Double.toString(d.toMillis() / 1000.0));
    }
}
