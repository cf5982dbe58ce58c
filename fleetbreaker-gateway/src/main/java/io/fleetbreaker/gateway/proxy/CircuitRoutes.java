package io.fleetbreaker.gateway.proxy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuits the proxy currently serves, by name. Reload adds and removes routes; a removed circuit answers 404
 * from the next request on. Thread-safe; lookups are a concurrent-map read.
 */
public final class CircuitRoutes {

    private final Map<String, CircuitRoute> routes = new ConcurrentHashMap<>();
    private volatile List<String> order = List.of();

    /** The route of {@code name}, or {@code null} when no such circuit is configured. */
    public CircuitRoute find(String name) {
        return routes.get(name);
    }

    /** The routes in config-file order. */
    public List<CircuitRoute> all() {
        return order.stream().map(routes::get).filter(java.util.Objects::nonNull).toList();
    }

    public Collection<String> names() {
        return order;
    }

    /** Replaces the whole set: {@code next} in its iteration order; routes not in it are removed. */
    public synchronized void replaceAll(Map<String, CircuitRoute> next) {
        routes.keySet().retainAll(next.keySet());
        routes.putAll(next);
        order = List.copyOf(next.keySet());
    }
}
