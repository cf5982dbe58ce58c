package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitSnapshot;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's monotonic counters for one circuit, for metrics and snapshots. Window counts of outcomes recorded
 * in CLOSED live in {@link PendingWindow}s; they are added here when a generation's window is retired.
 * Thread-safe.
 */
final class OutcomeCounters {

    final LongAdder unrecordedSuccesses = new LongAdder();
    final LongAdder unrecordedFailures = new LongAdder();
    final LongAdder probeSuccesses = new LongAdder();
    final LongAdder probeFailures = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder rejected = new LongAdder();
    private final LongAdder retiredCalls = new LongAdder();
    private final LongAdder retiredFailures = new LongAdder();
    private final LongAdder retiredSlow = new LongAdder();

    /** Folds a retired window's totals into the lifetime counters. */
    void retire(PendingWindow w) {
        retiredCalls.add(w.totalCalls());
        retiredFailures.add(w.totalFailures());
        retiredSlow.add(w.totalSlow());
    }

    CircuitSnapshot.LocalCounters snapshot(PendingWindow current) {
        long windowFailures = retiredFailures.sum() + current.totalFailures();
        long windowCalls = retiredCalls.sum() + current.totalCalls();
        long successes = windowCalls - windowFailures + unrecordedSuccesses.sum() + probeSuccesses.sum();
        long failures = windowFailures + unrecordedFailures.sum() + probeFailures.sum();
        long rel = released.sum();
        return new CircuitSnapshot.LocalCounters(successes + failures + rel + late.sum(), rejected.sum(), successes,
                failures, retiredSlow.sum() + current.totalSlow(), late.sum(), rel);
    }
}
