package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The HTTP clients of the demo: plain HTTP to the gateways and the downstream, and HTTPS to the local entry point
 * (Caddy with its own internal CA). The entry client trusts any certificate; that trust is scoped to this one client
 * of this demo tool and never installed process-wide.
 */
final class DemoHttp {

    /** A response reduced to what the demo looks at. */
    record Reply(int status, String body, String instance) {
        JsonObject json() {
            try {
                return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
            } catch (RuntimeException e) {
                return new JsonObject();
            }
        }

        String errorCode() {
            return json().getString("error");
        }

        /** How the timeline shows an answer: {@code 200}, or {@code 503 circuit_open} for an error with a code. */
        String outcome() {
            String code = status >= 400 ? errorCode() : null;
            return status + (code == null ? "" : " " + code);
        }
    }

    private final HttpClient plain;
    private final HttpClient entry;
    private final Duration requestTimeout;

    DemoHttp(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.entry = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).sslContext(trustingContext()).build();
    }

    Reply get(String url) throws IOException, InterruptedException {
        return send(getRequest(url));
    }

    Reply post(String url, JsonObject body) throws IOException, InterruptedException {
        return send(postRequest(url, body));
    }

    /** {@link #get}, or null when there was no answer: the scenario treats a silent endpoint as a finding. */
    Reply getOrNull(String url) {
        return sendOrNull(getRequest(url));
    }

    /** {@link #post}, or null when there was no answer. */
    Reply postOrNull(String url, JsonObject body) {
        return sendOrNull(postRequest(url, body));
    }

    /** The JSON body of a GET, empty when there was no answer or no JSON. */
    JsonObject json(String url) {
        Reply reply = getOrNull(url);
        return reply == null ? new JsonObject() : reply.json();
    }

    /** The status of a GET, -1 when there was no answer. */
    int status(String url) {
        Reply reply = getOrNull(url);
        return reply == null ? -1 : reply.status();
    }

    private static HttpRequest.Builder getRequest(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private static HttpRequest.Builder postRequest(String url, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode()));
    }

    private Reply sendOrNull(HttpRequest.Builder builder) {
        try {
            return send(builder);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            // keep the interrupt for the caller's next wait, which then stops the scenario
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Reply send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.timeout(requestTimeout).build();
        HttpClient client = "https".equalsIgnoreCase(request.uri().getScheme()) ? entry : plain;
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("X-Fleetbreaker-Instance").orElse(null));
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the demo's TLS context", e);
        }
    }

    /** Accepts Caddy's locally issued certificate; only ever used for the demo's own https://localhost entry. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
