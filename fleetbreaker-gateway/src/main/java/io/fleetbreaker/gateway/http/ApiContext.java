package io.fleetbreaker.gateway.http;

import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.gateway.config.GatewayConfig;
import io.fleetbreaker.gateway.proxy.CircuitRoute;
import io.fleetbreaker.gateway.proxy.CircuitRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the HTTP handlers read from: the registry, the served circuits, the transition log, the current config and
 * the reload action. Shared by every event loop; thread-safe (all parts are).
 *
 * @param snapshotTimeoutMillis bound on reading snapshots, so a slow store can never hold an API response forever
 */
public record ApiContext(CircuitBreakerRegistry registry, CircuitRoutes routes, TransitionLog transitions,
        Supplier<GatewayConfig> config, ConfigReload reload, long snapshotTimeoutMillis) {

    /** A served circuit and its snapshot. */
    public record CircuitView(CircuitRoute route, CircuitSnapshot snapshot) {
    }

    public String instanceId() {
        return registry.instanceId();
    }

    public String storeHealth() {
        return registry.isDegraded() ? "degraded" : "ok";
    }

    /** Snapshots of every served circuit in config order, on the caller's context. Never changes anything. */
    public Future<List<CircuitView>> views(Vertx vertx) {
        return Future.fromCompletionStage(registry.snapshots(), vertx.getOrCreateContext())
                .timeout(snapshotTimeoutMillis, TimeUnit.MILLISECONDS)
                .map(this::served);
    }

    /** The snapshot of one served circuit, on the caller's context. */
    public Future<CircuitView> view(Vertx vertx, CircuitRoute route) {
        return Future.fromCompletionStage(route.breaker().snapshot(), vertx.getOrCreateContext())
                .timeout(snapshotTimeoutMillis, TimeUnit.MILLISECONDS)
                .map(s -> new CircuitView(route, s));
    }

    private List<CircuitView> served(Map<String, CircuitSnapshot> snapshots) {
        List<CircuitView> out = new ArrayList<>();
        for (CircuitRoute route : routes.all()) {
            CircuitSnapshot s = snapshots.get(route.name());
            if (s != null) {
                out.add(new CircuitView(route, s));
            }
        }
        return out;
    }
}
