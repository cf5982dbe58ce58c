package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.InstanceInfo;
import io.fleetbreaker.StoreFailurePolicy;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.store.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** STUB — being implemented. */
public final class FleetEngine {
    public FleetEngine(StateStore store, String instanceId, InstantSource clock, Duration syncInterval,
            Duration storeRequestTimeout, StoreFailurePolicy onStoreFailure, String keyPrefix,
            List<BreakerListener> listeners) {
        throw new UnsupportedOperationException("in progress");
    }
    public CircuitBreaker circuit(String name, CircuitBreakerConfig config) { throw new UnsupportedOperationException(); }
    public CircuitBreaker find(String name) { throw new UnsupportedOperationException(); }
    public Collection<CircuitBreaker> all() { throw new UnsupportedOperationException(); }
    public CompletionStage<Map<String, CircuitSnapshot>> snapshots() { throw new UnsupportedOperationException(); }
    public CompletionStage<List<InstanceInfo>> instances() { throw new UnsupportedOperationException(); }
    public boolean isDegraded() { throw new UnsupportedOperationException(); }
    public String instanceId() { throw new UnsupportedOperationException(); }
    public String storeKind() { throw new UnsupportedOperationException(); }
    public void start() { throw new UnsupportedOperationException(); }
    public CompletionStage<Void> syncOnce() { throw new UnsupportedOperationException(); }
    public void close() { throw new UnsupportedOperationException(); }
}
