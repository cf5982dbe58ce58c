package io.fleetbreaker.gateway.demo;

import io.fleetbreaker.gateway.downstream.DownstreamServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DemoScenarioTest {

    private Vertx vertx;
    private DownstreamServer downstream;
    private final List<String> gateways = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        downstream = DownstreamServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        FakeFleet fleet = new FakeFleet("payment_gateway", 5, 2500, 2);
        for (int i = 1; i <= 3; i++) {
            HttpServer server = fleet.startInstance(vertx, "gw-" + i, downstream.port()).await(10, TimeUnit.SECONDS);
            gateways.add("http://127.0.0.1:" + server.actualPort());
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void scenario_againstAFleetSharingOneBreaker_passesEveryCheckAndNarratesTheStory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoScenario.Settings settings = new DemoScenario.Settings(null, gateways,
                "http://127.0.0.1:" + downstream.port(), "payment_gateway", "/charge", 10, Duration.ofMillis(300),
                Duration.ofMillis(300), 5, 2, Duration.ofMillis(2500), Duration.ofSeconds(10));
        long start = System.nanoTime();

        int exit = new DemoScenario(settings, new DemoHttp(Duration.ofSeconds(5)), new Timeline(out, start),
                System.currentTimeMillis(), start).run();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("gw-1 sees OPEN", "gw-2 sees OPEN", "gw-3 sees OPEN")
                .contains("HERD: the downstream received")
                .contains("PROBES: the downstream received 2 probe calls while HALF_OPEN (halfOpenPermittedCalls 2")
                .contains("gw-1 sees CLOSED", "gw-2 sees CLOSED", "gw-3 sees CLOSED")
                .contains("scenario: 15 passed, 0 failed");
    }

    @Test
    void command_unreachableFleet_exitsWith2() {
        DemoCommand command = new DemoCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("--gateway", "http://127.0.0.1:1",
                "--downstream", "http://127.0.0.1:1", "--startup-timeout-s", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("check FAIL: gateway http://127.0.0.1:1 ready");
    }

    @Test
    void parseDuration_units_readLikeTheConfig() {
        assertThat(CircuitLimits.parseDuration("250ms", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(CircuitLimits.parseDuration("5s", null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(CircuitLimits.parseDuration("2m", null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(CircuitLimits.parseDuration("soon", Duration.ZERO)).isEqualTo(Duration.ZERO);
    }
}
