package io.fleetbreaker.gateway.proxy;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.gateway.config.CircuitConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One circuit as the proxy sees it: its breaker, its current config (swapped on reload), its upstream, its bulkhead
 * (calls in flight on this instance) and its rejection counters. Shared by every event loop; thread-safe.
 */
public final class CircuitRoute {

    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RejectionCounters rejections = new RejectionCounters();
    private volatile CircuitConfig config;
    private volatile UpstreamTarget target;

    public CircuitRoute(CircuitBreaker breaker, CircuitConfig config) {
        this.breaker = breaker;
        update(config);
    }

    public String name() {
        return breaker.name();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public CircuitConfig config() {
        return config;
    }

    UpstreamTarget target() {
        return target;
    }

    public RejectionCounters rejections() {
        return rejections;
    }

    /** Calls of this circuit in flight on this instance. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Takes a bulkhead slot; {@code false} when {@code maxConcurrentCalls} are already in flight. */
    boolean tryEnter() {
        int max = config.maxConcurrentCalls();
        while (true) {
            int now = inFlight.get();
            if (now >= max) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    /** Applies a reloaded config: upstream, bulkhead and statuses from the next call, thresholds via the breaker. */
    public void update(CircuitConfig newConfig) {
        this.target = UpstreamTarget.of(newConfig.upstream());
        this.config = newConfig;
    }
}
