package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import io.fleetbreaker.window.WindowCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit's fleet-wide sliding window as it lives in the store: one packed counter per generation and bucket.
 * A flush adds this instance's pending delta to the current bucket with one {@code increment}; an evaluation reads the
 * window's buckets and the record in one {@code getAll} and trips the circuit if the trip rule says so.
 *
 * <p>The pending and retired windows belong to {@link FleetCircuit}, which swaps them with the view; this class only
 * takes deltas from them. Flushes are run one at a time by the circuit's {@link FlushQueue}. Thread-safe.
 */
final class FleetWindow {

    private static final Logger log = LoggerFactory.getLogger(FleetWindow.class);

    private final FleetCircuit circuit;
    private final Fleet fleet;
    private final RecordProtocol records;
    private final OutcomeCounters counters;
    private final String recordKey;
    private volatile WindowCounts lastFleetWindow = WindowCounts.EMPTY;
    private volatile long lastFlushBucket;

    FleetWindow(FleetCircuit circuit, Fleet fleet, RecordProtocol records, OutcomeCounters counters,
            String recordKey) {
        this.circuit = circuit;
        this.fleet = fleet;
        this.records = records;
        this.counters = counters;
        this.recordKey = recordKey;
    }

    /** Flushes the pending and retired windows; evaluates the trip rule if asked to or if failures were flushed. */
    CompletionStage<Void> flushOnce(boolean evaluate) {
        CircuitBreakerConfig c = circuit.config();
        long now = fleet.clock().millis();
        long bucket = now / c.windowBucket().toMillis();
        StateStore store = fleet.store();
        CompletionStage<Void> old = flushRetired(store, c, now, bucket);
        CircuitView v = circuit.view();
        PendingWindow w = circuit.pending();
        if (v.generation == 0) {
            // Not read from the store yet: learn the generation first, so these counts land in its window.
            return old.thenCompose(x -> store.get(recordKey)).thenCompose(found -> circuit.reconcile(store, found))
                    .thenCompose(x -> circuit.view().generation == 0 ? Permits.DONE : flushOnce(evaluate));
        }
        if (v.admission != CircuitView.Admission.RECORD || w.generation != v.generation) {
            return old;
        }
        lastFlushBucket = bucket;
        WindowCounts delta = w.take();
        if (delta.isEmpty() && !evaluate) {
            return old;
        }
        CompletionStage<Boolean> added = delta.isEmpty()
                ? CompletableFuture.completedFuture(true)
                : addToBucket(store, w, delta, bucket, c);
        return old.thenCompose(x -> added).thenCompose(ok -> ok && (evaluate || delta.failures() > 0 || delta.slow() > 0)
                ? evaluate(store, v, bucket, now)
                : Permits.DONE);
    }

    /** Counts that raced with a transition go to their own generation's keys; nobody decides on them any more. */
    private CompletionStage<Void> flushRetired(StateStore store, CircuitBreakerConfig c, long now, long bucket) {
        CompletionStage<Void> all = Permits.DONE;
        for (PendingWindow w : circuit.retired()) {
            WindowCounts delta = w.take();
            if (!delta.isEmpty()) {
                all = all.thenCombine(addToBucket(store, w, delta, bucket, c), (x, y) -> null);
            } else if (now - w.retiredAtMillis() > 1000 && circuit.retired().remove(w)) {
                counters.retire(w);
            }
        }
        return all;
    }

    /** One packed {@code increment}; on failure the delta is pending again and flushed later (or degraded, locally). */
    private CompletionStage<Boolean> addToBucket(StateStore store, PendingWindow w, WindowCounts delta, long bucket,
            CircuitBreakerConfig c) {
        return store.increment(fleet.keys().windowBucket(circuit.name(), w.generation, bucket), delta.pack(),
                        windowTtl(c))
                .handle((count, error) -> {
                    if (error != null) {
                        w.giveBack(delta);
                    }
                    return error == null;
                });
    }

    private CompletionStage<Void> evaluate(StateStore store, CircuitView v, long bucket, long now) {
        List<String> keys = windowKeys(v.generation, bucket);
        keys.add(recordKey);
        return store.getAll(keys).thenCompose(found -> {
            Versioned stored = found.get(recordKey);
            CircuitRecord fleetRecord = stored == null ? null : CircuitRecord.decode(stored.value());
            if (fleetRecord == null || fleetRecord.generation() != v.generation) {
                return records.reconcile(store, stored);
            }
            WindowCounts window = sumWindow(found, v.generation, bucket);
            lastFleetWindow = window;
            if (fleetRecord.state() != CircuitState.CLOSED) {
                return Permits.DONE;
            }
            String why = TripRule.reasonToTrip(circuit.config(), window);
            return why == null ? Permits.DONE
                    : records.write(store, stored, fleetRecord.tripped(circuit.config(), now, fleet.instanceId(), why));
        }).exceptionally(e -> null);
    }

    /** The keys of {@code generation}'s window that ends with {@code bucket}. */
    List<String> windowKeys(long generation, long bucket) {
        long buckets = circuit.config().slidingWindow().toMillis() / circuit.config().windowBucket().toMillis();
        List<String> keys = new ArrayList<>((int) buckets + 8);
        for (long b = bucket - buckets + 1; b <= bucket; b++) {
            keys.add(fleet.keys().windowBucket(circuit.name(), generation, b));
        }
        return keys;
    }

    /** Sums the window's buckets among {@code found}; a missing bucket is empty. */
    WindowCounts sumWindow(Map<String, Versioned> found, long generation, long bucket) {
        WindowCounts sum = WindowCounts.EMPTY;
        for (String key : windowKeys(generation, bucket)) {
            Versioned v = found.get(key);
            if (v != null) {
                try {
                    sum = sum.plus(WindowCounts.unpack(Long.parseUnsignedLong(v.value().trim())));
                } catch (NumberFormatException e) {
                    log.debug("Ignoring unreadable window counter {}", key);
                }
            }
        }
        return sum;
    }

    /** A success can only trip by lifting the window to {@code minimumNumberOfCalls} while failures are in it. */
    boolean successMayTrip(CircuitBreakerConfig c) {
        WindowCounts w = lastFleetWindow;
        return (w.failures() > 0 || w.slow() > 0) && w.calls() < c.minimumNumberOfCalls();
    }

    /** Whether pending successes are due for their once-every-few-buckets flush at {@code now}. */
    boolean successFlushDue(long now) {
        return now / circuit.config().windowBucket().toMillis() - lastFlushBucket >= successFlushBuckets();
    }

    /** A new generation starts from an empty window: what was read of the old one says nothing about it. */
    void forgetLastFleetWindow() {
        lastFleetWindow = WindowCounts.EMPTY;
    }

    /**
     * Successes alone cannot trip a failure-free window, so while the fleet window holds no failures they are flushed
     * every third bucket (the first failure flushes them at once); with failures in the window, every bucket, so that
     * rates stay exact. This is what keeps a healthy circuit at about one store operation per second or less.
     */
    private long successFlushBuckets() {
        WindowCounts w = lastFleetWindow;
        return w.failures() > 0 || w.slow() > 0 ? 1 : 3;
    }

    /** A bucket must outlive the window it belongs to; memcached expiry is whole seconds. */
    private static Duration windowTtl(CircuitBreakerConfig c) {
        return c.slidingWindow().plus(c.windowBucket()).plusSeconds(1);
    }
}
