package io.fleetbreaker.memcached.fleet;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.memcached.MemcachedStateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Instances of one fleet in this JVM, each with its own registry and its own Memcached client (own connections), as
 * separate processes would have. Closes everything it started.
 */
final class TestFleet implements AutoCloseable {

    static final String CIRCUIT = "payments";

    final List<CircuitBreakerRegistry> registries = new ArrayList<>();
    final List<CircuitBreaker> breakers = new ArrayList<>();
    private final List<MemcachedStateStore> stores = new ArrayList<>();
    private final String server;
    private final CircuitBreakerConfig config;
    private final String keyPrefix;

    TestFleet(String server, CircuitBreakerConfig config, String keyPrefix) {
        this.server = server;
        this.config = config;
        this.keyPrefix = keyPrefix;
    }

    CircuitBreaker add(String instanceId, InstantSource clock, BreakerListener listener) throws Exception {
        MemcachedStateStore store = MemcachedStateStore.connect(List.of(server));
        store.whenConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
        stores.add(store);
        CircuitBreakerRegistry.Builder builder = CircuitBreakerRegistry.builder(store).instanceId(instanceId)
                .clock(clock).keyPrefix(keyPrefix).syncInterval(Duration.ofMillis(50))
                .storeRequestTimeout(Duration.ofSeconds(2));
        if (listener != null) {
            builder.listener(listener);
        }
        CircuitBreakerRegistry registry = builder.build();
        registries.add(registry);
        CircuitBreaker cb = registry.circuitBreaker(CIRCUIT, config);
        breakers.add(cb);
        registry.start();
        return cb;
    }

    /** Closes one instance as a crash would look to the others: no release, no goodbye. */
    void kill(int index) {
        registries.get(index).close();
        stores.get(index).close();
    }

    boolean allIn(CircuitState state) {
        return breakers.stream().allMatch(b -> b.state() == state);
    }

    boolean allAgree() {
        CircuitBreaker first = breakers.get(0);
        return breakers.stream().allMatch(b -> b.state() == first.state() && b.generation() == first.generation());
    }

    boolean noneDegraded() {
        return registries.stream().noneMatch(CircuitBreakerRegistry::isDegraded);
    }

    @Override
    public void close() {
        registries.forEach(CircuitBreakerRegistry::close);
        stores.forEach(MemcachedStateStore::close);
    }
}
