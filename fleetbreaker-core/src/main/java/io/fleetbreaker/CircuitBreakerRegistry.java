package io.fleetbreaker;

import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.internal.FleetEngine;
import io.fleetbreaker.store.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The circuits of one instance, and the synchroniser that keeps them in step with the fleet through a
 * {@link StateStore}. One per instance (per JVM, or per gateway process); create it in your composition root and
 * close it on shutdown.
 *
 * <p>Thread-safe.
 */
public final class CircuitBreakerRegistry implements AutoCloseable {

    private final FleetEngine engine;

    private CircuitBreakerRegistry(FleetEngine engine) {
        this.engine = engine;
    }

    public static Builder builder(StateStore store) {
        return new Builder(store);
    }

    /** The circuit called {@code name}, created with {@code config} if this registry does not have it yet. */
    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config) {
        return engine.circuit(name, config);
    }

    /**
     * Forgets the circuit called {@code name} on this instance (e.g. removed from the config): it is no longer synced
     * and its pending outcomes are flushed. The fleet's record is left for other instances. Returns whether it existed.
     */
    public boolean remove(String name) {
        return engine.remove(name);
    }

    public Optional<CircuitBreaker> find(String name) {
        return Optional.ofNullable(engine.find(name));
    }

    public Collection<CircuitBreaker> all() {
        return engine.all();
    }

    /** Snapshots of every circuit, read from the store in one round trip. Never changes anything. */
    public CompletionStage<Map<String, CircuitSnapshot>> snapshots() {
        return engine.snapshots();
    }

    /** The live instances of the fleet, from their heartbeats in the store. */
    public CompletionStage<List<InstanceInfo>> instances() {
        return engine.instances();
    }

    /** {@code true} while the shared store is unreachable and this instance follows {@code store.onFailure}. */
    public boolean isDegraded() {
        return engine.isDegraded();
    }

    public String instanceId() {
        return engine.instanceId();
    }

    /** The kind of the shared store ({@code memcached}, {@code memory}). */
    public String storeKind() {
        return engine.storeKind();
    }

    /** Starts the periodic synchroniser. Without it (tests), call {@link #syncNow()} to run one sync step. */
    public CircuitBreakerRegistry start() {
        engine.start();
        return this;
    }

    /** Runs one synchronisation step now: heartbeat, change detection, deadlines, flushes. */
    public CompletionStage<Void> syncNow() {
        return engine.syncOnce();
    }

    /** Stops syncing and flushes what is pending, best effort. Does not close the store. */
    @Override
    public void close() {
        engine.close();
    }

    /** Builder; every setting has a default (SPEC §5). Not thread-safe. */
    public static final class Builder {
        private final StateStore store;
        private String instanceId = defaultInstanceId();
        private InstantSource clock = InstantSource.system();
        private Duration syncInterval = Duration.ofMillis(100);
        private Duration storeRequestTimeout = Duration.ofMillis(50);
        private Duration storeFailureGrace = Duration.ofMillis(250);
        private StoreFailurePolicy onStoreFailure = StoreFailurePolicy.LOCAL;
        private String keyPrefix = "fb";
        private final java.util.List<BreakerListener> listeners = new java.util.ArrayList<>();

        private Builder(StateStore store) {
            this.store = store;
        }

        public Builder instanceId(String v) { instanceId = v; return this; }
        public Builder clock(InstantSource v) { clock = v; return this; }
        public Builder syncInterval(Duration v) { syncInterval = v; return this; }
        public Builder storeRequestTimeout(Duration v) { storeRequestTimeout = v; return this; }
        public Builder onStoreFailure(StoreFailurePolicy v) { onStoreFailure = v; return this; }
        /**
         * How long the store must keep failing (and at least 3 operations in a row) before this instance follows
         * {@code store.onFailure}; a single slow operation is not an outage. Default 250 ms.
         */
        public Builder storeFailureGrace(Duration v) { storeFailureGrace = v; return this; }
        public Builder keyPrefix(String v) { keyPrefix = v; return this; }
        /** A listener for every circuit of the registry, present and future. */
        public Builder listener(BreakerListener v) { listeners.add(v); return this; }

        public CircuitBreakerRegistry build() {
            if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("instanceId must match [A-Za-z0-9._-]{1,100} but was " + instanceId);
            }
            if (keyPrefix == null || !keyPrefix.matches("[A-Za-z0-9._-]{1,50}")) {
                throw new IllegalArgumentException("keyPrefix must match [A-Za-z0-9._-]{1,50} but was " + keyPrefix);
            }
            Validation v = new Validation();
            v.positive("sync.interval", syncInterval);
            v.positive("store.requestTimeout", storeRequestTimeout);
            v.throwIfAny();
            if (storeFailureGrace == null || storeFailureGrace.isNegative()) {
                throw new IllegalArgumentException("storeFailureGrace must be zero or positive but was "
                        + storeFailureGrace);
            }
            return new CircuitBreakerRegistry(new FleetEngine(store, instanceId, clock, syncInterval,
                    storeRequestTimeout, storeFailureGrace, onStoreFailure, keyPrefix, List.copyOf(listeners)));
        }

        private static String defaultInstanceId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "host";
            }
            String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
            return id.length() > 100 ? id.substring(id.length() - 100) : id;
        }
    }
}
