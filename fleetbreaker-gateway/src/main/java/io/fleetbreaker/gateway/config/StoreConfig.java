package io.fleetbreaker.gateway.config;

import io.fleetbreaker.StoreFailurePolicy;
import java.time.Duration;
import java.util.List;

/**
 * The shared store settings. Immutable.
 *
 * @param type           memcached (shared by the fleet) or memory (this instance only)
 * @param servers        {@code host:port} of every memcached server (empty for memory)
 * @param keyPrefix      prefix of every store key, so several fleets can share one memcached
 * @param requestTimeout hard timeout of every store operation
 * @param onFailure      what to do while the store is unreachable
 */
public record StoreConfig(StoreType type, List<String> servers, String keyPrefix, Duration requestTimeout,
        StoreFailurePolicy onFailure) {

    public static final String DEFAULT_KEY_PREFIX = "fb";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(50);

    public StoreConfig {
        servers = List.copyOf(servers);
    }

    /** The kinds of store the gateway can use. */
    public enum StoreType {
        MEMCACHED, MEMORY
    }
}
