package io.fleetbreaker.gateway;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.gateway.config.CircuitConfig;
import io.fleetbreaker.gateway.config.ConfigException;
import io.fleetbreaker.gateway.config.GatewayConfig;
import io.fleetbreaker.gateway.config.StoreConfig;
import io.fleetbreaker.gateway.http.ApiContext;
import io.fleetbreaker.gateway.http.TransitionLog;
import io.fleetbreaker.gateway.proxy.CircuitRoute;
import io.fleetbreaker.gateway.proxy.CircuitRoutes;
import io.fleetbreaker.memcached.MemcachedStateStore;
import io.fleetbreaker.store.InMemoryStateStore;
import io.fleetbreaker.store.StateStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root, and the only class that names concrete implementations: it builds the store, the registry
 * (one breaker per circuit), the routes and the HTTP servers, and owns their lifecycle (start, reload, stop).
 *
 * <p>Reload keeps live state (SPEC §2.12): existing circuits are reconfigured in place, new ones added, removed ones
 * answer 404. Server, store, sync and instance settings need a restart; a reload that changes them says so.
 * Thread-safe: reloads are serialised.
 */
public final class Gateway implements AutoCloseable {

    /** Re-reads the config for a reload. May block (file I/O); called on a worker thread. */
    @FunctionalInterface
    public interface ConfigSource {
        GatewayConfig load() throws ConfigException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final StateStore store;
    private final CircuitBreakerRegistry registry;
    private final CircuitRoutes routes = new CircuitRoutes();
    private final ConfigSource source;
    private volatile GatewayConfig running;
    private final List<String> deployments = new ArrayList<>();
    private int port;

    private Gateway(GatewayConfig config, ConfigSource source) {
        this.running = config;
        this.source = source;
        this.vertx = Vertx.vertx();
        this.store = createStore(config.store());
        TransitionLog transitions = new TransitionLog();
        CircuitBreakerRegistry.Builder builder = CircuitBreakerRegistry.builder(store)
                .syncInterval(config.syncInterval())
                .storeRequestTimeout(config.store().requestTimeout())
                .onStoreFailure(config.store().onFailure())
                .keyPrefix(config.store().keyPrefix())
                .listener(transitions);
        if (config.instanceId() != null) {
            builder.instanceId(config.instanceId());
        }
        this.registry = builder.build().start();
        applyCircuits(config.circuits());
        this.transitions = transitions;
    }

    private final TransitionLog transitions;

    /**
     * Starts a gateway and waits until it listens. Blocks the calling thread (never call it on an event loop).
     *
     * @param eventLoops HTTP server instances, each on its own event loop with its own upstream pool
     */
    public static Gateway start(GatewayConfig config, ConfigSource source, int eventLoops) throws Exception {
        Gateway gateway = new Gateway(config, source);
        try {
            gateway.listen(Math.max(1, eventLoops));
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void listen(int eventLoops) throws Exception {
        ApiContext api = new ApiContext(registry, routes, transitions, () -> running, this::reload, 2000);
        // A failed call's response waits for the fleet to count the failure: a few store round trips at most.
        Duration recordingWait = running.store().requestTimeout().multipliedBy(4).plusMillis(50);
        String host = running.server().host();
        int wanted = running.server().port();
        // Every instance asks for the same host:port, so Vert.x shares one listening socket among them; that holds
        // for port 0 too (shared servers are keyed by the requested port), giving one random port for all.
        List<GatewayVerticle> instances = java.util.Collections.synchronizedList(new ArrayList<>());
        deployments.add(vertx.deployVerticle(() -> {
            GatewayVerticle v = new GatewayVerticle(host, wanted, routes, api, recordingWait);
            instances.add(v);
            return v;
        }, new DeploymentOptions().setInstances(eventLoops)).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        port = instances.get(0).actualPort();
        LOG.info("gateway {} listening on http://{}:{} ({} event loops, store {}, circuits {})",
                registry.instanceId(), host, port, eventLoops, registry.storeKind(), routes.names());
    }

    public int port() {
        return port;
    }

    public String instanceId() {
        return registry.instanceId();
    }

    /** Re-reads the config and applies it; fails with {@link ConfigException} and keeps running when invalid. */
    public CompletionStage<List<String>> reload() {
        return vertx.executeBlocking(source::load, false).map(next -> {
            synchronized (this) {
                warnAboutRestartOnlyChanges(next);
                applyCircuits(next.circuits());
                running = new GatewayConfig(running.instanceId(), running.server(), running.store(),
                        running.syncInterval(), next.admin(), next.circuits());
                LOG.info("config reloaded: circuits {}", routes.names());
                return List.copyOf(routes.names());
            }
        }).onFailure(e -> {
            if (e instanceof ConfigException ce) {
                LOG.warn("config reload refused, keeping the running config: {}", String.join("; ", ce.problems()));
            } else {
                LOG.warn("config reload failed, keeping the running config: {}", e.toString());
            }
        }).toCompletionStage();
    }

    private void applyCircuits(Map<String, CircuitConfig> circuits) {
        Map<String, CircuitRoute> next = new LinkedHashMap<>();
        for (CircuitConfig c : circuits.values()) {
            CircuitRoute route = routes.find(c.name());
            if (route == null) {
                // The registry may still hold the breaker of a circuit removed earlier: reuse it, with the new config.
                CircuitBreaker breaker = registry.circuitBreaker(c.name(), c.breaker());
                route = new CircuitRoute(breaker, c);
            }
            if (!route.breaker().config().equals(c.breaker())) {
                route.breaker().reconfigure(c.breaker());
            }
            route.update(c);
            next.put(c.name(), route);
        }
        routes.replaceAll(next);
    }

    private void warnAboutRestartOnlyChanges(GatewayConfig next) {
        GatewayConfig now = running;
        if (!Objects.equals(now.server(), next.server()) && next.server().port() != now.server().port()) {
            LOG.warn("config reload: server settings changed; they apply after a restart");
        }
        if (!now.store().equals(next.store()) || !now.syncInterval().equals(next.syncInterval())) {
            LOG.warn("config reload: store or sync settings changed; they apply after a restart");
        }
    }

    private static StateStore createStore(StoreConfig config) {
        return switch (config.type()) {
            case MEMCACHED -> connected(MemcachedStateStore.connect(config.servers()));
            case MEMORY -> new InMemoryStateStore();
        };
    }

    /**
     * Gives the connections a moment before the first sync, so a healthy start does not begin degraded. Bounded: a
     * store that is down at start-up is the store outage case, handled by {@code store.onFailure}.
     */
    private static MemcachedStateStore connected(MemcachedStateStore store) {
        try {
            store.whenConnected().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("memcached {} not reachable at start-up; starting with store.onFailure", store.servers());
        }
        return store;
    }

    /** Stops serving, flushes pending outcomes, closes the store and Vert.x. Idempotent; blocks up to ~10 s. */
    @Override
    public synchronized void close() {
        for (String id : deployments) {
            awaitQuietly(vertx.undeploy(id), "stopping the HTTP server");
        }
        deployments.clear();
        try {
            registry.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the registry: {}", e.toString());
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the store: {}", e.toString());
        }
        awaitQuietly(vertx.close(), "closing Vert.x");
    }

    private static void awaitQuietly(Future<?> f, String what) {
        try {
            f.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{}: {}", what, e.toString());
        }
    }
}
