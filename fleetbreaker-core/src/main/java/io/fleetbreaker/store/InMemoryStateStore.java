package io.fleetbreaker.store;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StateStore} in this JVM's memory, with Memcached's semantics (CAS tokens, add-if-absent, counters that keep
 * their lifetime, expiry). Shared only by breakers in the same JVM: use it for a single instance, for tests, and as
 * the local store of an instance whose shared store is down.
 *
 * <p>Expiry is exact to the millisecond of the injected clock. Thread-safe.
 */
public final class InMemoryStateStore implements StateStore {

    private record Entry(String value, long cas, long expiresAtMillis) {
        boolean isLiveAt(long nowMillis) {
            return expiresAtMillis == 0 || nowMillis < expiresAtMillis;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong casSequence = new AtomicLong();
    private final InstantSource clock;

    public InMemoryStateStore(InstantSource clock) {
        this.clock = clock;
    }

    public InMemoryStateStore() {
        this(InstantSource.system());
    }

    @Override
    public CompletionStage<Versioned> get(String key) {
        return CompletableFuture.completedFuture(read(key));
    }

    @Override
    public CompletionStage<Map<String, Versioned>> getAll(List<String> keys) {
        Map<String, Versioned> found = new LinkedHashMap<>();
        for (String key : keys) {
            Versioned v = read(key);
            if (v != null) {
                found.put(key, v);
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletionStage<Boolean> add(String key, String value, Duration ttl) {
        long now = clock.millis();
        boolean[] stored = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.isLiveAt(now)) {
                return old;
            }
            stored[0] = true;
            return new Entry(value, casSequence.incrementAndGet(), expiry(now, ttl));
        });
        return CompletableFuture.completedFuture(stored[0]);
    }

    @Override
    public CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl) {
        long now = clock.millis();
        CasResult[] result = {CasResult.NOT_FOUND};
        entries.computeIfPresent(key, (k, old) -> {
            if (!old.isLiveAt(now)) {
                return null;
            }
            if (old.cas() != cas) {
                result[0] = CasResult.CONFLICT;
                return old;
            }
            result[0] = CasResult.STORED;
            return new Entry(value, casSequence.incrementAndGet(), expiry(now, ttl));
        });
        return CompletableFuture.completedFuture(result[0]);
    }

    @Override
    public CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate) {
        long now = clock.millis();
        Entry updated;
        try {
            updated = entries.compute(key, (k, old) -> {
            if (old == null || !old.isLiveAt(now)) {
                return new Entry(Long.toUnsignedString(delta), casSequence.incrementAndGet(), expiry(now, ttlOnCreate));
            }
            long next;
            try {
                next = Long.parseUnsignedLong(old.value().trim()) + delta;
            } catch (NumberFormatException e) {
                throw new StoreException("cannot increment non-numeric value at " + key);
            }
            return new Entry(Long.toUnsignedString(next), casSequence.incrementAndGet(), old.expiresAtMillis());
            });
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(Long.parseUnsignedLong(updated.value()));
    }

    @Override
    public CompletionStage<Boolean> delete(String key, long cas) {
        long now = clock.millis();
        boolean[] deleted = {false};
        entries.computeIfPresent(key, (k, old) -> {
            if (!old.isLiveAt(now)) {
                return null;
            }
            if (old.cas() != cas) {
                return old;
            }
            deleted[0] = true;
            return null;
        });
        return CompletableFuture.completedFuture(deleted[0]);
    }

    @Override
    public String kind() {
        return "memory";
    }

    /** Forgets everything, as a Memcached {@code flush_all} or restart would. For tests of lost store data. */
    public void clear() {
        entries.clear();
    }

    /** Removes one key, as an eviction would. For tests of lost store data. */
    public void evict(String key) {
        entries.remove(key);
    }

    private Versioned read(String key) {
        Entry e = entries.get(key);
        if (e == null || !e.isLiveAt(clock.millis())) {
            return null;
        }
        return new Versioned(e.value(), e.cas());
    }

    private static long expiry(long nowMillis, Duration ttl) {
        return ttl.isZero() ? 0 : nowMillis + ttl.toMillis();
    }
}
