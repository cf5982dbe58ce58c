package io.fleetbreaker.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The shared store behind a fleet: a key-value store offering exactly the atomic single-key operations Memcached has.
 *
 * <p>Every fleet-wide decision (transitions, window counts, half-open leases) is built by the core from these five
 * operations, so a store only has to implement them faithfully; it never sees breaker semantics. Values are short
 * ASCII strings; counters are unsigned decimal strings.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>No method blocks the caller. Failures complete the stage exceptionally with a {@link StoreException}
 *       (callers add their own hard timeout).</li>
 *   <li>{@code ttl} is a lifetime; stores with whole-second expiry round it <em>up</em>. A zero ttl means "never
 *       expires".</li>
 *   <li>Each successful mutation gives the key a new CAS token; tokens of different keys are unrelated.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {

    /** The value and CAS token of {@code key}, or {@code null} when the key is missing or expired. */
    CompletionStage<Versioned> get(String key);

    /** The present keys among {@code keys} (missing ones are left out), in one round trip where the store allows. */
    CompletionStage<Map<String, Versioned>> getAll(List<String> keys);

    /** Stores {@code value} only if {@code key} is missing. Completes with {@code true} when this call stored it. */
    CompletionStage<Boolean> add(String key, String value, Duration ttl);

    /** Replaces the value only if its CAS token is still {@code cas}. */
    CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl);

    /**
     * Adds {@code delta} to the counter at {@code key}, creating it with value {@code delta} and lifetime
     * {@code ttlOnCreate} if it is missing. The lifetime of an existing counter is left alone.
     * Completes with the counter's new value.
     */
    CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate);

    /** Deletes {@code key} only if its CAS token is still {@code cas}. Completes with {@code true} when deleted. */
    CompletionStage<Boolean> delete(String key, long cas);

    /** A short name for logs and metrics, e.g. {@code memcached} or {@code memory}. */
    String kind();

    @Override
    default void close() {
    }
}
