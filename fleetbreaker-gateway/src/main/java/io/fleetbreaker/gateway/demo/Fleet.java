package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway instances as the scenario reads them: each one's {@code /status}, its circuit API and the name it
 * answers to. Every read goes to every instance directly, never through the entry point, so a view is that instance's
 * own. Not thread-safe: only the scenario's main thread uses it.
 */
final class Fleet {

    private final List<String> gateways;
    private final String circuit;
    private final DemoHttp http;
    private final Timeline timeline;
    private final Map<String, String> names = new LinkedHashMap<>();

    Fleet(List<String> gateways, String circuit, DemoHttp http, Timeline timeline) {
        this.gateways = List.copyOf(gateways);
        this.circuit = circuit;
        this.http = http;
        this.timeline = timeline;
    }

    List<String> gateways() {
        return gateways;
    }

    int size() {
        return gateways.size();
    }

    boolean isReady(String gw) {
        return http.status(gw + "/health/ready") == 200;
    }

    /** False while {@code gw} cannot reach the shared store: it then runs degraded, on its own breaker. */
    boolean sharesStore(String gw) {
        String store = http.json(gw + "/api/v1/circuits").getString("store");
        return store == null || "ok".equals(store);
    }

    /** Asks {@code gw} for its instance name, so the story can say gw-1 rather than a URL. */
    void learnName(String gw) {
        String name = http.json(gw + "/health/live").getString("instance");
        names.put(gw, name != null ? name : "gw#" + (gateways.indexOf(gw) + 1));
    }

    String name(String gw) {
        return names.get(gw);
    }

    /** The names learnt so far, by gateway URL, in the order they were learnt. */
    Map<String, String> names() {
        return Collections.unmodifiableMap(names);
    }

    /** Every instance's view of the scenario's circuit, in the order the instances were given. */
    Map<String, CircuitView> views() {
        Map<String, CircuitView> out = new LinkedHashMap<>();
        for (String gw : gateways) {
            out.put(gw, view(gw, circuit));
        }
        return out;
    }

    private CircuitView view(String gw, String circuit) {
        return CircuitView.of(http.json(gw + "/status"), circuit);
    }

    boolean allInState(String state) {
        return views().values().stream().allMatch(v -> v.is(state));
    }

    long newestGeneration() {
        return views().values().stream().mapToLong(CircuitView::generation).max().orElse(0);
    }

    /** {@code GET /api/v1/circuits/<circuit>} of the first instance; every instance shares the circuit's config. */
    JsonObject circuitApi() {
        return circuitApi(gateways.get(0));
    }

    JsonObject circuitApi(String gw) {
        return http.json(gw + "/api/v1/circuits/" + circuit);
    }

    /** The transition logs of every instance together; each instance logs the transitions it saw. */
    List<JsonObject> allTransitions() {
        List<JsonObject> all = new ArrayList<>();
        for (String gw : gateways) {
            JsonArray list = circuitApi(gw).getJsonArray("transitions");
            if (list != null) {
                for (int i = 0; i < list.size(); i++) {
                    all.add(list.getJsonObject(i));
                }
            }
        }
        return all;
    }

    void showViews() {
        views().forEach((gw, v) -> timeline.detail("%-10s %-10s generation %-3d failures_or_successes %d",
                names.get(gw), v.state(), v.generation(), v.failuresOrSuccesses()));
    }

    /** One line per other circuit, to show that the scenario's circuit tripped alone. */
    void showOtherCircuits() {
        JsonObject status = http.json(gateways.get(0) + "/status");
        for (String other : status.fieldNames()) {
            if (!other.equals(circuit)) {
                List<String> states = new ArrayList<>();
                for (String gw : gateways) {
                    states.add(names.get(gw) + " " + view(gw, other).state());
                }
                timeline.say("circuit %s meanwhile: %s", other, String.join(", ", states));
            }
        }
    }
}
