package io.fleetbreaker.gateway.downstream;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DownstreamServerTest {

    private Vertx vertx;
    private DownstreamServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = DownstreamServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject control() throws Exception {
        return new JsonObject(get("/__control").body());
    }

    @Test
    void healthy_anyRequest_echoesMethodPathQueryHeadersAndBody() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/pay/42?a=1&b=2"))
                .header("X-Test", "yes").PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echo = new JsonObject(response.body());
        assertThat(echo.getBoolean("ok")).isTrue();
        assertThat(echo.getString("method")).isEqualTo("PUT");
        assertThat(echo.getString("path")).isEqualTo("/pay/42");
        assertThat(echo.getString("query")).isEqualTo("a=1&b=2");
        assertThat(echo.getJsonObject("headers").getString("x-test")).isEqualTo("yes");
        assertThat(echo.getString("body")).isEqualTo("hello");
    }

    @Test
    void control_get_reportsModeAndCountsExcludingControlRequests() throws Exception {
        get("/a");
        get("/b");
        get("/__control");

        JsonObject state = control();
        assertThat(state.getString("mode")).isEqualTo("healthy");
        assertThat(state.getLong("requests")).isEqualTo(2);
        assertThat(state.getJsonObject("byStatus").getLong("200")).isEqualTo(2);
        assertThat(state.getLong("inFlight")).isZero();
        assertThat(state.getDouble("rate")).isEqualTo(1.0);
        assertThat(state.getInteger("status")).isEqualTo(500);
        assertThat(state.getLong("latencyMs")).isZero();
    }

    @Test
    void failing_fullRate_answersConfiguredStatusAndCountsIt() throws Exception {
        HttpResponse<String> changed = post("/__control/mode", "{\"mode\":\"failing\",\"rate\":1.0,\"status\":503}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(changed.body()).getString("mode")).isEqualTo("failing");

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/pay");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("simulated_failure");
        }
        assertThat(server.requests(503)).isEqualTo(3);
        assertThat(control().getJsonObject("byStatus").getLong("503")).isEqualTo(3);
    }

    @Test
    void failing_zeroRate_answersHealthy() throws Exception {
        post("/__control/mode", "{\"mode\":\"failing\",\"rate\":0.0}");

        assertThat(get("/pay").statusCode()).isEqualTo(200);
        assertThat(server.requests(500)).isZero();
    }

    @Test
    void failing_halfRate_failsSomeAndSucceedsSome() throws Exception {
        post("/__control/mode", "{\"mode\":\"failing\",\"rate\":0.5,\"status\":500}");

        for (int i = 0; i < 200; i++) {
            get("/pay");
        }
        assertThat(server.requests(500)).isBetween(40L, 160L);
        assertThat(server.requests(500) + server.requests(200)).isEqualTo(200);
    }

    @Test
    void slow_request_answersAfterLatencyWithoutBlockingOtherRequests() throws Exception {
        post("/__control/mode", "{\"mode\":\"slow\",\"latencyMs\":700}");

        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(uri("/slow")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 1);
        long controlStarted = System.nanoTime();
        assertThat(control().getLong("inFlight")).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - controlStarted)).isLessThan(Duration.ofMillis(500));

        HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(new JsonObject(response.body()).getString("path")).isEqualTo("/slow");
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void hanging_request_neverAnswersUntilClientGivesUp() throws Exception {
        post("/__control/mode", "{\"mode\":\"hanging\"}");

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri("/hang"))
                        .timeout(Duration.ofMillis(400)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        JsonObject state = control();
        assertThat(state.getLong("requests")).isEqualTo(1);
        assertThat(state.getLong("hung")).isEqualTo(1);
    }

    @Test
    void hanging_serverClose_endsTheHangingRequest() throws Exception {
        post("/__control/mode", "{\"mode\":\"hanging\"}");
        CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(
                HttpRequest.newBuilder(uri("/hang")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 1);

        server.close().await(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> hanging.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 0);
    }

    @Test
    void refusing_request_connectionClosedWithoutAnswer() throws Exception {
        post("/__control/mode", "{\"mode\":\"refusing\"}");

        assertThatThrownBy(() -> get("/refused")).isInstanceOf(IOException.class);
        JsonObject state = control();
        // the JDK client retries an idempotent request once when the connection closes before any answer
        assertThat(state.getLong("requests")).isBetween(1L, 2L);
        assertThat(state.getLong("refused")).isEqualTo(state.getLong("requests"));
        assertThat(state.getJsonObject("byStatus").isEmpty()).isTrue();

        post("/__control/mode", "{\"mode\":\"healthy\"}");
        assertThat(get("/again").statusCode()).isEqualTo(200);
    }

    @Test
    void reset_afterTraffic_countsBackToZero() throws Exception {
        get("/a");
        HttpResponse<String> reset = post("/__control/reset", "");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(reset.body()).getLong("requests")).isZero();
        assertThat(server.requests()).isZero();
        assertThat(control().getJsonObject("byStatus").isEmpty()).isTrue();
    }

    @Test
    void mode_invalidBody_answers400NamingTheField() throws Exception {
        HttpResponse<String> unknown = post("/__control/mode", "{\"mode\":\"sideways\"}");
        HttpResponse<String> badRate = post("/__control/mode", "{\"mode\":\"failing\",\"rate\":2}");
        HttpResponse<String> notJson = post("/__control/mode", "not json");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(unknown.body()).getString("message")).contains("mode must be one of");
        assertThat(badRate.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badRate.body()).getString("message")).contains("rate must be between 0.0 and 1.0");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getString("error")).isEqualTo("invalid_request");
        assertThat(server.mode().mode()).isEqualTo(DownstreamMode.Kind.HEALTHY);
    }

    @Test
    void arrivals_sinceTimestamp_listsCountedRequestsWithStatus() throws Exception {
        long before = System.currentTimeMillis();
        get("/one");
        post("/__control/mode", "{\"mode\":\"failing\"}");
        get("/two");

        JsonObject body = new JsonObject(get("/__control/requests?since=" + before).body());
        assertThat(body.getJsonArray("requests")).hasSize(2);
        JsonObject second = body.getJsonArray("requests").getJsonObject(1);
        assertThat(second.getString("path")).isEqualTo("/two");
        assertThat(second.getInteger("status")).isEqualTo(500);
        assertThat(second.getLong("at")).isGreaterThanOrEqualTo(before);
        assertThat(second.getLong("seq")).isEqualTo(2);
    }

    @Test
    void control_unknownPath_answers404AndIsNotCounted() throws Exception {
        assertThat(get("/__control/nope").statusCode()).isEqualTo(404);
        assertThat(server.requests()).isZero();
    }
}
