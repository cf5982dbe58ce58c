package io.fleetbreaker.bench;

import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link StateStore} decorator that counts client round trips: one per call, a multi-get included. It sits between
 * the registry and the real store, so it sees exactly what the core asks for. Thread-safe.
 */
public final class CountingStateStore implements StateStore {

    private final StateStore delegate;
    private final LongAdder gets = new LongAdder();
    private final LongAdder multiGets = new LongAdder();
    private final LongAdder multiGetKeys = new LongAdder();
    private final LongAdder adds = new LongAdder();
    private final LongAdder compareAndSets = new LongAdder();
    private final LongAdder increments = new LongAdder();
    private final LongAdder deletes = new LongAdder();

    public CountingStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    /** Every call so far, each counted as one round trip. */
    public long roundTrips() {
        return gets.sum() + multiGets.sum() + adds.sum() + compareAndSets.sum() + increments.sum() + deletes.sum();
    }

    /** The same calls by kind, for the report. */
    public String breakdown() {
        return "get " + gets.sum() + ", getAll " + multiGets.sum() + " (" + multiGetKeys.sum() + " keys), add "
                + adds.sum() + ", cas " + compareAndSets.sum() + ", incr " + increments.sum() + ", delete "
                + deletes.sum();
    }

    @Override
    public CompletionStage<Versioned> get(String key) {
        gets.increment();
        return delegate.get(key);
    }

    @Override
    public CompletionStage<Map<String, Versioned>> getAll(List<String> keys) {
        multiGets.increment();
        multiGetKeys.add(keys.size());
        return delegate.getAll(keys);
    }

    @Override
    public CompletionStage<Boolean> add(String key, String value, Duration ttl) {
        adds.increment();
        return delegate.add(key, value, ttl);
    }

    @Override
    public CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl) {
        compareAndSets.increment();
        return delegate.compareAndSet(key, cas, value, ttl);
    }

    @Override
    public CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate) {
        increments.increment();
        return delegate.increment(key, delta, ttlOnCreate);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, long cas) {
        deletes.increment();
        return delegate.delete(key, cas);
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
