package io.fleetbreaker.gateway.http;

import static io.fleetbreaker.gateway.support.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.gateway.support.RawHttp;
import io.fleetbreaker.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's own endpoints on a real instance (memory store): shapes, admin auth, metrics, health, SSE, reload. */
class HandlersIT {

    private static final String TOKEN = "it-admin-token";
    private static final String CONFIG = """
            instanceId: gw-handlers-it
            admin: { token: "%s" }
            circuits:
              payment_gateway:
                upstream: http://127.0.0.1:9
                timeout: 2s
                failureThreshold: 5
              inventory:
                upstream: http://127.0.0.1:9/inv
            """.formatted(TOKEN);

    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(CONFIG);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private HttpResponse<String> admin(String path, String body) throws Exception {
        return gateway.post(path, body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    @Test
    void status_isKeyedByCircuit_withSeedFields() throws Exception {
        HttpResponse<String> r = gateway.get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject status = json(r);
        assertThat(status.fieldNames()).containsExactlyInAnyOrder("payment_gateway", "inventory");
        JsonObject pg = status.getJsonObject("payment_gateway");
        assertThat(pg.getString("state")).isEqualTo("CLOSED");
        assertThat(pg.getLong("failures_or_successes")).isZero();
        assertThat(pg.getString("instance")).isEqualTo("gw-handlers-it");
        assertThat(pg.getString("store")).isEqualTo("ok");
        assertThat(pg.fieldNames()).contains("generation", "calls", "failures", "failure_rate", "open_until");
    }

    @Test
    void circuits_listAndOne_haveTheDocumentedShape() throws Exception {
        JsonObject list = json(gateway.get("/api/v1/circuits"));
        assertThat(list.getString("instance")).isEqualTo("gw-handlers-it");
        assertThat(list.getString("store")).isEqualTo("ok");
        assertThat(list.getString("storeKind")).isEqualTo("memory");
        JsonArray circuits = list.getJsonArray("circuits");
        assertThat(circuits).hasSize(2);
        assertThat(circuits.getJsonObject(0).getString("name")).isEqualTo("payment_gateway");

        JsonObject c = json(gateway.get("/api/v1/circuits/payment_gateway"));
        assertThat(c.fieldNames()).contains("name", "upstream", "state", "generation", "since", "changedBy", "reason",
                "failuresOrSuccesses", "window", "openUntil", "halfOpenUntil", "consecutiveOpens", "probes", "config",
                "local", "transitions");
        assertThat(c.getString("upstream")).isEqualTo("http://127.0.0.1:9");
        assertThat(c.getJsonObject("window").fieldNames()).contains("calls", "failures", "slow", "failureRate",
                "slowRate");
        assertThat(c.getJsonObject("config").getString("timeout")).isEqualTo("2s");
        assertThat(c.getJsonObject("config").getInteger("failureThreshold")).isEqualTo(5);
        assertThat(c.getJsonObject("config").getInteger("maxConcurrentCalls")).isEqualTo(100);
        assertThat(c.getJsonObject("probes").fieldNames()).contains("inUse", "permitted", "successes",
                "successThreshold");
        assertThat(c.getJsonObject("local").fieldNames()).contains("permitted", "rejected", "successes", "failures",
                "slow", "late", "released", "inFlight");

        HttpResponse<String> missing = gateway.get("/api/v1/circuits/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).getString("error")).isEqualTo("unknown_circuit");
    }

    @Test
    void admin_wrongOrMissingToken_is401() throws Exception {
        HttpResponse<String> none = gateway.post("/api/v1/circuits/payment_gateway/force-open", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).getString("error")).isEqualTo("unauthorized");
        HttpResponse<String> wrong = gateway.post("/api/v1/circuits/payment_gateway/force-open", null,
                "Authorization", "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN);
        assertThat(json(gateway.get("/api/v1/circuits/payment_gateway")).getString("state")).isEqualTo("CLOSED");
    }

    @Test
    void admin_withoutConfiguredToken_is403() throws Exception {
        try (TestGateway open = TestGateway.start("circuits:\n  a:\n    upstream: http://127.0.0.1:9\n", 1)) {
            HttpResponse<String> r = open.post("/api/v1/circuits/a/force-open", null, "Authorization", "Bearer x");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r).getString("error")).isEqualTo("admin_disabled");
            assertThat(open.post("/api/v1/admin/reload", null).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void admin_forceOpen_rejectsCalls_untilReset() throws Exception {
        HttpResponse<String> forced = admin("/api/v1/circuits/payment_gateway/force-open", "{\"reason\":\"maintenance\"}");
        assertThat(forced.statusCode()).isEqualTo(200);
        JsonObject c = json(forced);
        assertThat(c.getString("state")).isEqualTo("FORCED_OPEN");
        assertThat(c.getString("changedBy")).startsWith("admin@");
        assertThat(c.getString("reason")).contains("maintenance");

        HttpResponse<String> rejected = gateway.get("/proxy/payment_gateway/pay");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(json(rejected).getString("error")).isEqualTo("circuit_open");
        assertThat(json(rejected).getString("state")).isEqualTo("FORCED_OPEN");
        assertThat(rejected.headers().firstValue("Retry-After")).isPresent();

        JsonObject reset = json(admin("/api/v1/circuits/payment_gateway/reset", null));
        assertThat(reset.getString("state")).isEqualTo("CLOSED");
        JsonArray transitions = reset.getJsonArray("transitions");
        assertThat(transitions.getJsonObject(0).getString("to")).as("newest first").isEqualTo("CLOSED");
        assertThat(transitions.getJsonObject(1).getString("to")).isEqualTo("FORCED_OPEN");
        assertThat(transitions.getJsonObject(0).getBoolean("byThisInstance")).isTrue();
    }

    @Test
    void admin_badJsonUnknownActionUnknownCircuit_areJsonErrors() throws Exception {
        HttpResponse<String> bad = admin("/api/v1/circuits/payment_gateway/disable", "{nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).getString("error")).isEqualTo("bad_json");
        HttpResponse<String> notObject = admin("/api/v1/circuits/payment_gateway/disable", "[1]");
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(admin("/api/v1/circuits/payment_gateway/explode", null).statusCode()).isEqualTo(404);
        assertThat(json(admin("/api/v1/circuits/ghost/reset", null)).getString("error")).isEqualTo("unknown_circuit");
    }

    @Test
    void unknownRoute_is404Json_andWrongMethod_is405Json() throws Exception {
        HttpResponse<String> missing = gateway.get("/api/v2/whatever");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).getString("error")).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = gateway.post("/status", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).getString("error")).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void wrongMethodOnAnAdminRoute_is405Json_notTheDashboards404() throws Exception {
        for (String path : List.of("/api/v1/circuits/payment_gateway/force-open", "/api/v1/circuits/ghost/reset",
                "/api/v1/admin/reload")) {
            HttpResponse<String> r = gateway.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(r.headers().firstValue("Allow")).as(path).hasValue("POST");
            assertThat(json(r).getString("error")).as(path).isEqualTo("method_not_allowed");
        }
        assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(
                "/api/v1/circuits/payment_gateway/reset"))).DELETE()).statusCode()).isEqualTo(405);
        assertThat(json(gateway.get("/api/v1/circuits/payment_gateway")).getString("state"))
                .as("nothing was applied").isEqualTo("CLOSED");
    }

    @Test
    void head_answersLikeGet_withoutABody() throws Exception {
        for (String path : List.of("/status", "/health/live", "/health/ready", "/api/v1/circuits",
                "/api/v1/circuits/payment_gateway", "/api/v1/instances", "/api/v1/events", "/metrics", "/")) {
            HttpResponse<String> get = path.equals("/api/v1/events") ? null : gateway.get(path);
            HttpResponse<String> head = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(path)))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
            if (get != null) {
                assertThat(head.headers().firstValue("Content-Type")).as("HEAD %s", path)
                        .isEqualTo(get.headers().firstValue("Content-Type"));
            }
        }
        assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/v1/nope")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
        // On the wire: headers only, and the connection carries the next request.
        try (RawHttp http = new RawHttp(URI.create(gateway.url("/")).getPort())) {
            RawHttp.Response head = http.write("HEAD /status HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            RawHttp.Response next = http.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(next.status()).as("no body bytes were left on the connection").isEqualTo(200);
            assertThat(new JsonObject(next.body()).getString("status")).isEqualTo("UP");
        }
    }

    @Test
    void oversizedHeaders_are431Json() throws Exception {
        try (RawHttp http = new RawHttp(URI.create(gateway.url("/")).getPort())) {
            RawHttp.Response r = http.write("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20 * 1024)
                    + "\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("request_header_too_large");
            assertThat(http.closedByServer()).isTrue();
        }
        RawHttp.Response longLine = RawHttp.exchange(URI.create(gateway.url("/")).getPort(),
                "GET /status?" + "q".repeat(8 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longLine.status()).isEqualTo(414);
        assertThat(new JsonObject(longLine.body()).getString("error")).isEqualTo("uri_too_long");
    }

    @Test
    void adminReason_isTheOperatorsOwn_theCoreAddsTheAction_andTheActorIsChangedBy() throws Exception {
        JsonObject forced = json(admin("/api/v1/circuits/payment_gateway/force-open", "{\"reason\":\"maintenance\"}"));
        assertThat(forced.getString("reason")).isEqualTo("force-open: maintenance");
        assertThat(forced.getString("changedBy")).isEqualTo("admin@127.0.0.1");
        JsonObject reset = json(admin("/api/v1/circuits/payment_gateway/reset", null));
        assertThat(reset.getString("reason")).isEqualTo("reset");
        assertThat(reset.getString("changedBy")).isEqualTo("admin@127.0.0.1");
    }

    @Test
    void metrics_arePrometheusText_withEveryFamily() throws Exception {
        admin("/api/v1/circuits/inventory/force-open", null);
        gateway.get("/proxy/inventory/x");
        HttpResponse<String> r = gateway.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(r.body()).contains(
                "# TYPE fleetbreaker_circuit_state gauge",
                "fleetbreaker_circuit_state{circuit=\"inventory\",state=\"FORCED_OPEN\"} 1",
                "fleetbreaker_circuit_state{circuit=\"inventory\",state=\"CLOSED\"} 0",
                "fleetbreaker_circuit_generation{circuit=\"payment_gateway\"}",
                "fleetbreaker_calls_total{circuit=\"payment_gateway\",outcome=\"success\"} 0",
                "fleetbreaker_rejected_total{circuit=\"inventory\",reason=\"forced_open\"} 1",
                "fleetbreaker_transitions_total{circuit=\"inventory\",to=\"FORCED_OPEN\"} 1",
                "fleetbreaker_window_failure_rate{circuit=\"inventory\"}",
                "fleetbreaker_in_flight{circuit=\"inventory\"} 0",
                "fleetbreaker_store_degraded 0");
    }

    @Test
    void health_liveAndReady() throws Exception {
        HttpResponse<String> live = gateway.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).getString("status")).isEqualTo("UP");
        HttpResponse<String> ready = gateway.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).getString("store")).isEqualTo("ok");
    }

    @Test
    void instances_listThisInstanceAsSelf() throws Exception {
        JsonArray instances = json(gateway.get("/api/v1/instances")).getJsonArray("instances");
        assertThat(instances).hasSize(1);
        JsonObject self = instances.getJsonObject(0);
        assertThat(self.getString("id")).isEqualTo("gw-handlers-it");
        assertThat(self.getBoolean("self")).isTrue();
        assertThat(self.getString("store")).isEqualTo("ok");
    }

    @Test
    void root_servesTheDashboardOrSaysHowToBuildIt() throws Exception {
        HttpResponse<String> r = gateway.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }

    @Test
    void events_sendSnapshotFirst_thenTransitions() throws Exception {
        HttpResponse<InputStream> r = TestGateway.http().send(HttpRequest.newBuilder(URI.create(
                gateway.url("/api/v1/events"))).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        BlockingQueue<String[]> events = new ArrayBlockingQueue<>(1000);
        Thread reader = new Thread(() -> readEvents(r.body(), events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] first = events.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first[0]).isEqualTo("snapshot");
            assertThat(new JsonObject(first[1]).getJsonArray("circuits")).hasSize(2);

            admin("/api/v1/circuits/payment_gateway/force-open", null);
            List<String> seen = new ArrayList<>();
            JsonObject transition = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (transition == null && System.nanoTime() < deadline) {
                String[] e = events.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    continue;
                }
                seen.add(e[0]);
                if (e[0].equals("transition")) {
                    transition = new JsonObject(e[1]);
                }
            }
            assertThat(transition).as("events seen: %s", seen).isNotNull();
            assertThat(transition.getString("circuit")).isEqualTo("payment_gateway");
            assertThat(transition.getString("to")).isEqualTo("FORCED_OPEN");
            String[] counters;
            do {
                counters = events.poll(5, TimeUnit.SECONDS);
            } while (counters != null && !counters[0].equals("counters"));
            assertThat(counters).as("a counters event within the second").isNotNull();
            assertThat(new JsonObject(counters[1]).getJsonArray("circuits").getJsonObject(0).fieldNames())
                    .contains("state", "window", "local").doesNotContain("config", "transitions");
        } finally {
            r.body().close();
        }
    }

    @Test
    void reload_appliesValidConfig_keepsStateAndRefusesInvalidConfig() throws Exception {
        admin("/api/v1/circuits/payment_gateway/force-open", null);
        gateway.rewriteConfig(CONFIG.replace("failureThreshold: 5", "failureThreshold: 7")
                .replace("  inventory:\n    upstream: http://127.0.0.1:9/inv\n", "  search:\n    upstream: http://127.0.0.1:9/s\n"));
        HttpResponse<String> ok = admin("/api/v1/admin/reload", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).getBoolean("reloaded")).isTrue();
        assertThat(json(ok).getJsonArray("circuits")).containsExactly("payment_gateway", "search");
        JsonObject pg = json(gateway.get("/api/v1/circuits/payment_gateway"));
        assertThat(pg.getString("state")).as("live state kept").isEqualTo("FORCED_OPEN");
        assertThat(pg.getJsonObject("config").getInteger("failureThreshold")).isEqualTo(7);
        assertThat(gateway.get("/proxy/inventory/x").statusCode()).as("removed circuit").isEqualTo(404);
        assertThat(json(gateway.get("/status")).fieldNames()).containsExactlyInAnyOrder("payment_gateway", "search");

        gateway.rewriteConfig("circuits:\n  search:\n    upstream: nope\n    retries: 3\n");
        HttpResponse<String> bad = admin("/api/v1/admin/reload", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).getString("error")).isEqualTo("invalid_config");
        assertThat(json(bad).getJsonArray("problems")).hasSize(2);
        assertThat(json(gateway.get("/status")).fieldNames()).as("running config kept")
                .containsExactlyInAnyOrder("payment_gateway", "search");
    }

    private static void readEvents(InputStream in, BlockingQueue<String[]> out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event != null) {
                        out.offer(new String[] {event, data.toString()});
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (java.io.IOException e) {
            // stream closed by the test
        }
    }
}
