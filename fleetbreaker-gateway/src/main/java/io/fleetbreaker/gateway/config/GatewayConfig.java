package io.fleetbreaker.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The whole gateway config (SPEC §5), validated. Immutable; thread-safe.
 *
 * @param instanceId   the instance id, or {@code null} for the default {@code <hostname>-<pid>}
 * @param server       where the HTTP server listens
 * @param store        the shared store
 * @param syncInterval how often the registry synchronises with the fleet
 * @param admin        admin API settings
 * @param circuits     the circuits by name, in file order
 */
public record GatewayConfig(String instanceId, ServerConfig server, StoreConfig store, Duration syncInterval,
        AdminConfig admin, Map<String, CircuitConfig> circuits) {

    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(admin, "admin");
        circuits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(circuits));
    }

    /** This config with the listening port replaced (the {@code --port} option). */
    public GatewayConfig withPort(int port) {
        return new GatewayConfig(instanceId, new ServerConfig(server.host(), port), store, syncInterval, admin,
                circuits);
    }

    /** This config with the instance id replaced (the {@code --instance-id} option). */
    public GatewayConfig withInstanceId(String id) {
        return new GatewayConfig(id, server, store, syncInterval, admin, circuits);
    }
}
