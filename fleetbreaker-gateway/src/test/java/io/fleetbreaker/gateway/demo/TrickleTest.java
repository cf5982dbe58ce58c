package io.fleetbreaker.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrickleTest {

    private HttpServer server;
    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hits.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicLong()).incrementAndGet();
            int status = exchange.getRequestURI().getPath().contains("/b/") ? 503 : 200;
            byte[] body = (status == 200 ? "{\"ok\":true}" : "{\"error\":\"circuit_open\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String circuit) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/proxy/" + circuit + "/trickle";
    }

    @Test
    void sendsInTurnToEveryUrl_reportsOutcomes_andStopsOnClose() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Trickle trickle = new Trickle(new DemoHttp(Duration.ofSeconds(5)), List.of(url("a"), url("b")), out)
                .start(100, Duration.ofMillis(100));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count("/proxy/a/trickle") >= 5
                    && count("/proxy/b/trickle") >= 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> printed.toString(StandardCharsets.UTF_8)
                    .contains("503 circuit_open x"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("200 x");
        } finally {
            trickle.close();
        }
        assertThat(trickle.inFlight()).as("close waits for the requests in flight").isZero();
        long a = count("/proxy/a/trickle");
        long b = count("/proxy/b/trickle");
        assertThat(Math.abs(a - b)).as("in turn").isLessThanOrEqualTo(1);
        assertThat(a + b).isEqualTo(trickle.sent());
    }

    private long count(String path) {
        AtomicLong n = hits.get(path);
        return n == null ? 0 : n.get();
    }
}
