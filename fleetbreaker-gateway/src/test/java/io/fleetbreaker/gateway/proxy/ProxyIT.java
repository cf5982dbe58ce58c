package io.fleetbreaker.gateway.proxy;

import static io.fleetbreaker.gateway.support.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.gateway.downstream.DownstreamMode;
import io.fleetbreaker.gateway.support.RawHttp;
import io.fleetbreaker.gateway.support.TestDownstream;
import io.fleetbreaker.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a real HTTP downstream (the simulator): forwarding, classification, rejections, bulkhead. */
class ProxyIT {

    private static TestDownstream downstream;
    private static int closedPort;
    private TestGateway gateway;

    @BeforeAll
    static void startDownstream() throws Exception {
        downstream = TestDownstream.start();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens here once closed
        }
    }

    @AfterAll
    static void stopDownstream() throws Exception {
        downstream.close();
    }

    @BeforeEach
    void start() throws Exception {
        downstream.mode(DownstreamMode.healthy());
        downstream.server().reset();
        gateway = TestGateway.start("""
                instanceId: gw-proxy-it
                circuits:
                  svc:
                    upstream: %1$s
                    timeout: 5s
                    failureThreshold: 3
                    openStateDuration: 10s
                  quick:
                    upstream: %1$s
                    timeout: 300ms
                  based:
                    upstream: %1$s/base/
                  narrow:
                    upstream: %1$s
                    timeout: 10s
                    maxConcurrentCalls: 2
                  dead:
                    upstream: http://127.0.0.1:%2$d
                  flaky:
                    upstream: %1$s
                    timeout: 2s
                    failureThreshold: 2
                    openStateDuration: 1s
                    halfOpenPermittedCalls: 1
                    slowCallDurationThreshold: 150ms
                  tls:
                    upstream: https://127.0.0.1:%3$d
                    timeout: 2s
                  custom:
                    upstream: %1$s
                    failureThreshold: 100
                    failureStatuses: [418, "500-502"]
                """.formatted(downstream.url(), closedPort, downstream.server().port()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private JsonObject circuit(String name) throws Exception {
        return json(gateway.get("/api/v1/circuits/" + name));
    }

    @Test
    void proxy_forwardsMethodPathQueryHeadersAndBody() throws Exception {
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(
                        "/proxy/svc/orders/42?expand=items&q=a%20b")))
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"qty\":3}"))
                .header("Content-Type", "application/json").header("X-Custom", "yes"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Fleetbreaker-Instance")).hasValue("gw-proxy-it");
        JsonObject echo = json(r);
        assertThat(echo.getString("method")).isEqualTo("PUT");
        assertThat(echo.getString("path")).isEqualTo("/orders/42");
        assertThat(echo.getString("query")).isEqualTo("expand=items&q=a%20b");
        assertThat(echo.getString("body")).isEqualTo("{\"qty\":3}");
        JsonObject headers = echo.getJsonObject("headers");
        assertThat(headers.getString("x-custom")).isEqualTo("yes");
        assertThat(headers.getString("content-type")).isEqualTo("application/json");
        assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(headers.getString("x-forwarded-host")).isEqualTo("127.0.0.1:" + URI.create(gateway.url("/"))
                .getPort());
        assertThat(headers.getString("host")).isEqualTo(URI.create(downstream.url()).getAuthority());
    }

    @Test
    void proxy_dropsHopByHopHeaders_andAppendsToForwardedFor() throws Exception {
        String raw = rawRequest("GET /proxy/svc/hop HTTP/1.1\r\nHost: example.test\r\nConnection: close, X-Drop\r\n"
                + "X-Drop: secret\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic eA==\r\nTE: trailers\r\n"
                + "X-Forwarded-For: 10.1.2.3\r\nX-Keep: 1\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200");
        JsonObject headers = new JsonObject(raw.substring(raw.indexOf("\r\n\r\n") + 4)).getJsonObject("headers");
        assertThat(headers.fieldNames()).doesNotContain("x-drop", "keep-alive", "proxy-authorization", "te")
                .contains("x-keep");
        assertThat(headers.getString("x-forwarded-for")).isEqualTo("10.1.2.3, 127.0.0.1");
        assertThat(headers.getString("x-forwarded-host")).isEqualTo("example.test");
    }

    @Test
    void proxy_acceptsHttp2Cleartext_andForwardsAsHttp1() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create(gateway.url("/proxy/svc/h2?x=1")))
                .header("X-Custom", "h2").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject echo = json(r);
        assertThat(echo.getString("path")).isEqualTo("/h2");
        JsonObject headers = echo.getJsonObject("headers");
        assertThat(headers.getString("host")).isEqualTo(URI.create(downstream.url()).getAuthority());
        assertThat(headers.getString("x-custom")).isEqualTo("h2");
        assertThat(headers.getString("x-forwarded-host")).isEqualTo(URI.create(gateway.url("/")).getAuthority());
        assertThat(headers.fieldNames()).noneMatch(n -> n.startsWith(":") || n.equals("upgrade")
                || n.equals("http2-settings"));
    }

    @Test
    void proxy_upstreamWithPath_prefixesTheForwardedPath() throws Exception {
        assertThat(json(gateway.get("/proxy/based/x/y?z=1")).getString("path")).isEqualTo("/base/x/y");
        assertThat(json(gateway.get("/proxy/based?z=1")).getString("query")).isEqualTo("z=1");
    }

    private int port() {
        return URI.create(gateway.url("/")).getPort();
    }

    @Test
    void dotSegmentsAndEncodedSeparators_are400BadPath_beforeAdmission() throws Exception {
        List<String> paths = List.of(
                "/proxy/based/../../admin/secret",
                "/proxy/based/x/../../admin",
                "/proxy/based/..",
                "/proxy/based/..?q=1",
                "/proxy/based/./x",
                "/proxy/based/%2e%2e/admin",
                "/proxy/based/%2E%2E/admin",
                "/proxy/based/.%2E/admin",
                "/proxy/based/%2e./admin",
                "/proxy/based/%2e/admin",
                "/proxy/based/..;x/admin",
                "/proxy/based/x%2f..%2f..%2fadmin",
                "/proxy/based/x%2F..",
                "/proxy/based/x%5c..%5cadmin",
                "/proxy/based/x\\..\\admin",
                "/proxy/svc/a/b/../../../etc/passwd");
        for (String path : paths) {
            RawHttp.Response r = RawHttp.exchange(port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(path).isEqualTo("application/json");
            JsonObject body = new JsonObject(r.body());
            assertThat(body.getString("error")).as(path).isEqualTo("bad_path");
            assertThat(body.getString("message")).as(path).isNotBlank();
        }
        assertThat(downstream.server().requests()).as("nothing reaches the upstream").isZero();
        for (String name : List.of("based", "svc")) {
            JsonObject local = circuit(name).getJsonObject("local");
            assertThat(local.getLong("permitted")).as("no permit taken on %s", name).isZero();
            assertThat(local.getLong("rejected")).isZero();
            assertThat(local.getLong("failures")).isZero();
            assertThat(local.getLong("inFlight")).isZero();
            assertThat(circuit(name).getJsonObject("window").getLong("calls")).isZero();
        }
    }

    @Test
    void badPath_withABody_isRefused_andTheConnectionStaysUsable() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            http.write("POST /proxy/based/%2e%2e/admin HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(http.read().status()).isEqualTo(400);
            http.write("GET /proxy/based/ok HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response ok = http.read();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(new JsonObject(ok.body()).getString("path")).isEqualTo("/base/ok");
        }
    }

    @Test
    void jdkHttpClient_sendsDotSegmentsAsWritten_andTheyAreRefused() throws Exception {
        // java.net.http does not normalise the URI: the dots go on the wire, so the gateway must refuse them.
        HttpResponse<String> r = gateway.get("/proxy/based/../../admin/secret");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).getString("error")).isEqualTo("bad_path");
        assertThat(json(r).getString("circuit")).isEqualTo("based");
        assertThat(downstream.server().requests()).isZero();
    }

    @Test
    void dotsInsideSegments_areForwarded() throws Exception {
        RawHttp.Response r = RawHttp.exchange(port(),
                "GET /proxy/based/v1.2/.well-known/...x/a..b/%2e%2ex?q=../y HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        JsonObject echo = new JsonObject(r.body());
        assertThat(echo.getString("path")).isEqualTo("/base/v1.2/.well-known/...x/a..b/%2e%2ex");
        assertThat(echo.getString("query")).isEqualTo("q=../y");
    }

    @Test
    void expect100Continue_isAnsweredByTheGateway_andNotForwarded() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            http.write("PUT /proxy/svc/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 11\r\nExpect: 100-continue\r\n\r\n");
            // The client waits for 100 before sending the body: without it this read would time out.
            assertThat(http.read(true).status()).isEqualTo(100);
            http.write("hello world");
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(200);
            JsonObject echo = new JsonObject(r.body());
            assertThat(echo.getString("body")).isEqualTo("hello world");
            assertThat(echo.getJsonObject("headers").fieldNames()).doesNotContain("expect");
        }
    }

    @Test
    void expect100Continue_onARejectedCall_getsTheRejectionWithout100() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 500));
        for (int i = 0; i < 3; i++) {
            gateway.get("/proxy/svc/trip");
        }
        try (RawHttp http = new RawHttp(port())) {
            http.write("POST /proxy/svc/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(503);
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("circuit_open");
        }
        assertThat(downstream.server().requests()).isEqualTo(3);
    }

    @Test
    void unknownCircuit_is404Json() throws Exception {
        HttpResponse<String> r = gateway.get("/proxy/nope/x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r).getString("error")).isEqualTo("unknown_circuit");
        assertThat(json(r).getString("circuit")).isEqualTo("nope");
        assertThat(downstream.server().requests()).isZero();
    }

    @Test
    void failures_tripAtThreshold_andTheVeryNextCallIsRejectedWithRetryAfter() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 500));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = gateway.get("/proxy/svc/pay");
            assertThat(r.statusCode()).as("call %d passes the upstream's failure through", i + 1).isEqualTo(500);
        }
        // No waiting: the gateway answered the third failure only after the breaker had counted it.
        HttpResponse<String> rejected = gateway.get("/proxy/svc/pay");
        assertThat(rejected.statusCode()).isEqualTo(503);
        JsonObject body = json(rejected);
        assertThat(body.getString("error")).isEqualTo("circuit_open");
        assertThat(body.getString("circuit")).isEqualTo("svc");
        assertThat(body.getString("state")).isEqualTo("OPEN");
        assertThat(body.getLong("retryAfterMs")).isBetween(1L, 10_000L);
        assertThat(Integer.parseInt(rejected.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 10);
        assertThat(downstream.server().requests()).as("rejected calls never reach the upstream").isEqualTo(3);
        assertThat(circuit("svc").getJsonObject("local").getLong("rejected")).isEqualTo(1);
    }

    @Test
    void openCircuit_afterOpenStateDuration_letsAProbeThrough_andItsSuccessCloses() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 503));
        assertThat(gateway.get("/proxy/flaky/a").statusCode()).isEqualTo(503);
        assertThat(gateway.get("/proxy/flaky/a").statusCode()).isEqualTo(503);
        assertThat(json(gateway.get("/proxy/flaky/a")).getString("error")).isEqualTo("circuit_open");
        downstream.mode(DownstreamMode.healthy());
        // Once the open state has run out, the next call is the fleet's only probe (HALF_OPEN admission is
        // asynchronous: it takes a lease in the store), and its success closes the circuit.
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/proxy/flaky/probe").statusCode() == 200);
        assertThat(circuit("flaky").getString("state")).isEqualTo("CLOSED");
        assertThat(gateway.get("/proxy/flaky/after").statusCode()).isEqualTo(200);
    }

    @Test
    void headersLaterThanTheSlowThreshold_countAsSlow() throws Exception {
        downstream.mode(DownstreamMode.slow(300));
        assertThat(gateway.get("/proxy/flaky/slow").statusCode()).isEqualTo(200);
        JsonObject local = circuit("flaky").getJsonObject("local");
        assertThat(local.getLong("successes")).isEqualTo(1);
        assertThat(local.getLong("slow")).isEqualTo(1);
    }

    @Test
    void notFoundFromHealthyService_isASuccess() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 404));
        for (int i = 0; i < 6; i++) {
            assertThat(gateway.get("/proxy/svc/missing").statusCode()).isEqualTo(404);
        }
        JsonObject c = circuit("svc");
        assertThat(c.getString("state")).isEqualTo("CLOSED");
        assertThat(c.getJsonObject("local").getLong("successes")).isEqualTo(6);
        assertThat(c.getJsonObject("local").getLong("failures")).isZero();
    }

    @Test
    void defaultFailureStatuses_408And429AndEvery5xx_areFailures() throws Exception {
        for (int status : new int[] {408, 429, 500, 503, 599}) {
            downstream.mode(DownstreamMode.failing(1.0, status));
            assertThat(gateway.get("/proxy/quick/x").statusCode()).isEqualTo(status);
        }
        downstream.mode(DownstreamMode.failing(1.0, 409));
        assertThat(gateway.get("/proxy/quick/x").statusCode()).isEqualTo(409);
        JsonObject local = circuit("quick").getJsonObject("local");
        assertThat(local.getLong("failures")).isEqualTo(5);
        assertThat(local.getLong("successes")).isEqualTo(1);
    }

    @Test
    void configuredFailureStatuses_codesAndRanges_replaceTheDefault() throws Exception {
        for (int status : new int[] {418, 500, 502, 503, 429}) {
            downstream.mode(DownstreamMode.failing(1.0, status));
            assertThat(gateway.get("/proxy/custom/x").statusCode()).isEqualTo(status);
        }
        JsonObject local = circuit("custom").getJsonObject("local");
        assertThat(local.getLong("failures")).as("418, 500, 502").isEqualTo(3);
        assertThat(local.getLong("successes")).as("503 and 429 are outside the configured list").isEqualTo(2);
    }

    @Test
    void tlsHandshakeFailure_is502_andAFailure() throws Exception {
        // The circuit speaks TLS to a plain-HTTP server: the handshake fails.
        HttpResponse<String> r = gateway.get("/proxy/tls/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).getString("error")).isEqualTo("upstream_unavailable");
        assertThat(circuit("tls").getJsonObject("local").getLong("failures")).isEqualTo(1);
    }

    @Test
    void hangingUpstream_is504AfterTheCircuitTimeout_andAFailure() throws Exception {
        gateway.get("/proxy/quick/warm-up"); // a cold JVM's first call can take longer than the timeout
        long failuresBefore = circuit("quick").getJsonObject("local").getLong("failures");
        downstream.mode(DownstreamMode.of(DownstreamMode.Kind.HANGING));
        long start = System.nanoTime();
        HttpResponse<String> r = gateway.get("/proxy/quick/slow");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(json(r).getString("error")).isEqualTo("upstream_timeout");
        assertThat(json(r).getString("circuit")).isEqualTo("quick");
        assertThat(tookMs).isGreaterThanOrEqualTo(290).isLessThan(5000);
        assertThat(circuit("quick").getJsonObject("local").getLong("failures")).isEqualTo(failuresBefore + 1);
    }

    @Test
    void refusingUpstream_is502() throws Exception {
        downstream.mode(DownstreamMode.of(DownstreamMode.Kind.REFUSING));
        HttpResponse<String> r = gateway.get("/proxy/svc/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).getString("error")).isEqualTo("upstream_unavailable");
        assertThat(circuit("svc").getJsonObject("local").getLong("failures")).isEqualTo(1);
    }

    @Test
    void nothingListening_is502() throws Exception {
        HttpResponse<String> r = gateway.get("/proxy/dead/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).getString("error")).isEqualTo("upstream_unavailable");
        assertThat(json(r).getString("circuit")).isEqualTo("dead");
    }

    @Test
    void bulkhead_full_is503_withoutTouchingTheUpstream() throws Exception {
        downstream.mode(DownstreamMode.of(DownstreamMode.Kind.HANGING));
        List<CompletableFuture<HttpResponse<String>>> hanging = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hanging.add(TestGateway.http().sendAsync(HttpRequest.newBuilder(URI.create(gateway.url(
                    "/proxy/narrow/h"))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> downstream.server().inFlight() == 2);
        HttpResponse<String> r = gateway.get("/proxy/narrow/third");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).getString("error")).isEqualTo("bulkhead_full");
        assertThat(json(r).getString("circuit")).isEqualTo("narrow");
        assertThat(circuit("narrow").getJsonObject("local").getLong("inFlight")).isEqualTo(2);
        assertThat(downstream.server().requests()).isEqualTo(2);
        hanging.forEach(f -> f.cancel(true));
    }

    @Test
    void clientThatLeaves_releasesThePermit_andRecordsNothing() throws Exception {
        downstream.mode(DownstreamMode.of(DownstreamMode.Kind.HANGING));
        try (Socket s = new Socket("127.0.0.1", URI.create(gateway.url("/")).getPort())) {
            s.getOutputStream().write("GET /proxy/narrow/leave HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> downstream.server().inFlight() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonObject local = circuit("narrow").getJsonObject("local");
            assertThat(local.getLong("released")).isEqualTo(1);
            assertThat(local.getLong("inFlight")).isZero();
        });
        JsonObject local = circuit("narrow").getJsonObject("local");
        assertThat(local.getLong("failures")).isZero();
        assertThat(local.getLong("successes")).isZero();
    }

    @Test
    void bodyThatBreaksMidStream_isAFailure_andTheClientSeesABrokenResponse() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer breaking = vertx.createHttpServer().requestHandler(req -> {
                req.response().setChunked(true).write("partial-");
                vertx.setTimer(50, id -> req.connection().close());
            }).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
            try (TestGateway g = TestGateway.start("circuits:\n  brk:\n    upstream: http://127.0.0.1:"
                    + breaking.actualPort() + "\n")) {
                assertThatThrownBy(() -> g.get("/proxy/brk/x")).isInstanceOf(IOException.class);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json(
                        g.get("/api/v1/circuits/brk")).getJsonObject("local").getLong("failures")).isEqualTo(1));
                assertThat(json(g.get("/api/v1/circuits/brk")).getJsonObject("local").getLong("successes")).isZero();
            }
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code request} as is and reads one response (headers, then Content-Length bytes of body). */
    private String rawRequest(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", URI.create(gateway.url("/")).getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
            return head + new String(body, StandardCharsets.UTF_8);
        }
    }
}
