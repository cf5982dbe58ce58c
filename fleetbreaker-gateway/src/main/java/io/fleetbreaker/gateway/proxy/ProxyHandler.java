package io.fleetbreaker.gateway.proxy;

import io.fleetbreaker.gateway.http.ErrorResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * {@code ANY /proxy/{circuit}/{path}?{query}}: finds the circuit (404), refuses a path that could climb out of the
 * upstream's prefix (400 {@code bad_path}, see {@link ForwardedPath}), takes a bulkhead slot (503
 * {@code bulkhead_full}) and hands the request to a {@link ProxyExchange}, which asks the breaker and forwards.
 *
 * <p>One per event loop (it holds that loop's {@link HttpClient}); the routes are shared. Called on the event loop
 * only.
 */
public final class ProxyHandler implements Handler<HttpServerRequest> {

    /** The URI prefix this handler serves. */
    public static final String PREFIX = "/proxy/";

    private final Vertx vertx;
    private final HttpClient client;
    private final CircuitRoutes routes;
    private final String instanceId;
    private final long recordingWaitMillis;

    /**
     * @param recordingWait how long a failed call's response may wait for the fleet to take the failure into
     *                      account (a bound above the store's own timeouts; the core never fails these stages)
     */
    public ProxyHandler(Vertx vertx, HttpClient client, CircuitRoutes routes, String instanceId,
            Duration recordingWait) {
        this.vertx = vertx;
        this.client = client;
        this.routes = routes;
        this.instanceId = instanceId;
        this.recordingWaitMillis = Math.max(1, recordingWait.toMillis());
    }

    @Override
    public void handle(HttpServerRequest request) {
        String uri = request.uri();
        int nameEnd = PREFIX.length();
        while (nameEnd < uri.length() && uri.charAt(nameEnd) != '/' && uri.charAt(nameEnd) != '?') {
            nameEnd++;
        }
        String name = uri.substring(PREFIX.length(), nameEnd);
        request.response().putHeader(ProxyExchange.INSTANCE_HEADER, instanceId);
        CircuitRoute route = routes.find(name);
        if (route == null) {
            request.resume();
            ErrorResponses.unknownCircuit(request.response(), name);
            return;
        }
        String rest = uri.substring(nameEnd);
        String badPath = ForwardedPath.problem(rest);
        if (badPath != null) {
            // Refused before admission: no permit, no bulkhead slot, nothing recorded.
            request.resume();
            ErrorResponses.send(request.response(), 400, "bad_path", "circuit '" + name + "': " + badPath,
                    new JsonObject().put("circuit", name));
            return;
        }
        if (!route.tryEnter()) {
            route.rejections().countBulkheadFull();
            request.resume();
            ErrorResponses.send(request.response(), 503, "bulkhead_full", "circuit '" + name + "' already has "
                    + route.config().maxConcurrentCalls() + " calls in flight on this instance (maxConcurrentCalls)",
                    new JsonObject().put("circuit", name));
            return;
        }
        // Hold the request body until the call is admitted and the upstream request exists.
        request.pause();
        new ProxyExchange(vertx, client, route, request, rest, recordingWaitMillis).start();
    }
}
