package io.fleetbreaker.bench;

import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.memcached.MemcachedStateStore;
import java.time.Duration;
import java.util.List;
import io.fleetbreaker.event.StoreHealthChanged;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One instance of an in-process fleet: its own registry, its own memcached client (own connections) and a counting
 * decorator between the two. The registry runs the real background synchroniser.
 */
public final class FleetInstance implements AutoCloseable {

    public static final Duration SYNC_INTERVAL = Duration.ofMillis(100);

    private final MemcachedStateStore memcached;
    private final CountingStateStore store;
    private final CircuitBreakerRegistry registry;
    private final AtomicInteger degradedEpisodes;

    private FleetInstance(MemcachedStateStore memcached, CountingStateStore store, CircuitBreakerRegistry registry,
            AtomicInteger degradedEpisodes) {
        this.memcached = memcached;
        this.store = store;
        this.registry = registry;
        this.degradedEpisodes = degradedEpisodes;
    }

    /** A connected instance whose synchroniser is not started yet (create circuits, then {@link #start()}). */
    public static FleetInstance connect(String address, String instanceId, BreakerListener listener) {
        MemcachedStateStore memcached = MemcachedStateStore.connect(List.of(address));
        try {
            memcached.whenConnected().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            memcached.close();
            throw new IllegalStateException("memcached at " + address + " did not accept a connection", e);
        }
        CountingStateStore store = new CountingStateStore(memcached);
        CircuitBreakerRegistry.Builder builder = CircuitBreakerRegistry.builder(store).instanceId(instanceId)
                .syncInterval(SYNC_INTERVAL);
        if (listener != null) {
            builder.listener(listener);
        }
        AtomicInteger degraded = new AtomicInteger();
        builder.listener(new BreakerListener() {
            @Override
            public void onStoreHealth(StoreHealthChanged e) {
                if (e.degraded()) {
                    degraded.incrementAndGet();
                }
            }
        });
        return new FleetInstance(memcached, store, builder.build(), degraded);
    }

    /** How often this instance lost the store (a request over {@code store.requestTimeout}) and went degraded. */
    public int degradedEpisodes() {
        return degradedEpisodes.get();
    }

    /** Waits (up to 10 s) until none of {@code fleet} is degraded, so a measurement starts in normal operation. */
    public static void awaitNormal(List<FleetInstance> fleet) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fleet.stream().anyMatch(i -> i.registry.isDegraded()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    public FleetInstance start() {
        registry.start();
        return this;
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    public CountingStateStore store() {
        return store;
    }

    @Override
    public void close() {
        registry.close();
        memcached.close();
    }
}
