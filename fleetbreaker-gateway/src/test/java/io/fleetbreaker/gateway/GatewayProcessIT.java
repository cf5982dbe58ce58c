package io.fleetbreaker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.gateway.support.TestDownstream;
import io.fleetbreaker.gateway.support.TestGateway;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator runs it, in its own process: {@code validate} and {@code serve} reject a bad config
 * naming the key, and SIGHUP reloads a changed config while the live state stays.
 */
class GatewayProcessIT {

    private static final Path JAR = Path.of("target/fleetbreaker.jar");

    @TempDir
    Path dir;

    private Process run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile()).start();
    }

    private static String output(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("out-")).toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    void validateAndServe_badConfig_exitNonZeroNamingTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                store: { type: memory }
                circuits:
                  payments:
                    upstream: http://127.0.0.1:9
                    failureThreshold: -1
                    openStateDuration: soon
                    retries: 3
                """);
        for (String command : List.of("validate", "serve")) {
            Process p = run(command, "--config", config.toString());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(command).isEqualTo(2);
        }
        String out = output(dir);
        assertThat(out).contains("circuits.payments.failureThreshold", "circuits.payments.openStateDuration",
                "circuits.payments.retries").doesNotContain("Exception", "\tat ");
    }

    @Test
    void serve_sighup_reloadsTheConfigAndKeepsLiveState() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestDownstream downstream = TestDownstream.start()) {
            Path config = dir.resolve("gateway.yaml");
            String yaml = """
                    store: { type: memory }
                    circuits:
                      payments:
                        upstream: %s
                        failureThreshold: %d
                        openStateDuration: 60s
                    """;
            Files.writeString(config, yaml.formatted(downstream.url(), 2));
            Process gateway = run("serve", "--config", config.toString(), "--port", String.valueOf(port),
                    "--instance-id", "proc-1");
            try {
                String base = "http://127.0.0.1:" + port;
                var http = TestGateway.http();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/live")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                downstream.mode(io.fleetbreaker.gateway.downstream.DownstreamMode.failing(1.0, 500));
                for (int i = 0; i < 2; i++) {
                    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/proxy/payments/x"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                }

                Files.writeString(config, yaml.formatted(downstream.url(), 7));
                new ProcessBuilder("kill", "-HUP", String.valueOf(gateway.pid())).start().waitFor();

                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    String body = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/api/v1/circuits/payments")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    return body.contains("\"failureThreshold\":7");
                });
                String status = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/status")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(status).as("tripped before the reload, still OPEN after it").contains("\"OPEN\"");
            } finally {
                gateway.destroy();
                assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
