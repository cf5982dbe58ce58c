package io.fleetbreaker.gateway.support;

import io.fleetbreaker.gateway.Gateway;
import io.fleetbreaker.gateway.config.ConfigLoader;
import io.fleetbreaker.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway on a free port for integration tests, started from YAML text (written to a file so reload can
 * re-read it), with a blocking JDK HTTP client. Close it in {@code @AfterEach}/{@code @AfterAll}.
 */
public final class TestGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Gateway gateway;
    private final Path configFile;
    private final String base;

    private TestGateway(Gateway gateway, Path configFile) {
        this.gateway = gateway;
        this.configFile = configFile;
        this.base = "http://127.0.0.1:" + gateway.port();
    }

    /** Starts a gateway from {@code yaml}; {@code server.port} is forced to 0 (a free port). */
    public static TestGateway start(String yaml, int eventLoops) throws Exception {
        Path file = Files.createTempFile("fleetbreaker-it", ".yaml");
        Files.writeString(file, yaml);
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        GatewayConfig config = loader.load(file).withPort(0);
        return new TestGateway(Gateway.start(config, () -> loader.load(file).withPort(0), eventLoops), file);
    }

    public static TestGateway start(String yaml) throws Exception {
        return start(yaml, 2);
    }

    public Gateway gateway() {
        return gateway;
    }

    public String url(String path) {
        return base + path;
    }

    /** Replaces the config file (then reload through the API or {@link Gateway#reload()}). */
    public void rewriteConfig(String yaml) throws IOException {
        Files.writeString(configFile, yaml);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpClient http() {
        return HTTP;
    }

    public static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        Files.deleteIfExists(configFile);
    }
}
