package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.window.WindowCounts;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's counters for one circuit. Outcomes for the window are added to cumulative {@link LongAdder}s on
 * the hot path; the synchroniser takes the part not yet flushed as a delta. Cumulative sums only grow, so a delta is
 * never lost or counted twice, even while callers keep adding (a reset-based adder could drop concurrent adds).
 *
 * <p>Thread-safe: adders from any thread; the flush bookkeeping is guarded by this object's monitor.
 */
final class OutcomeCounters {

    final LongAdder windowCalls = new LongAdder();
    final LongAdder windowFailures = new LongAdder();
    final LongAdder windowSlow = new LongAdder();
    final LongAdder unrecordedSuccesses = new LongAdder();
    final LongAdder unrecordedFailures = new LongAdder();
    final LongAdder probeSuccesses = new LongAdder();
    final LongAdder probeFailures = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder rejected = new LongAdder();

    private long flushedCalls;
    private long flushedFailures;
    private long flushedSlow;

    /** The outcomes recorded since the last flush, now marked as flushed. */
    synchronized WindowCounts takePending() {
        long calls = windowCalls.sum();
        long failures = windowFailures.sum();
        long slow = windowSlow.sum();
        WindowCounts pending = new WindowCounts(calls - flushedCalls, failures - flushedFailures, slow - flushedSlow);
        flushedCalls = calls;
        flushedFailures = failures;
        flushedSlow = slow;
        return pending;
    }

    /** A flush failed: its delta is pending again, to be flushed later (to the fleet or, degraded, to the local store). */
    synchronized void giveBack(WindowCounts delta) {
        flushedCalls -= delta.calls();
        flushedFailures -= delta.failures();
        flushedSlow -= delta.slow();
    }

    /** The generation changed: what was pending belongs to a window that no longer exists. */
    synchronized void discardPending() {
        flushedCalls = windowCalls.sum();
        flushedFailures = windowFailures.sum();
        flushedSlow = windowSlow.sum();
    }

    /** Racy but safe: used only to decide whether a flush is worth a round trip. */
    boolean hasPending() {
        return windowCalls.sum() != flushedCalls;
    }

    boolean hasPendingFailuresOrSlow() {
        return windowFailures.sum() != flushedFailures || windowSlow.sum() != flushedSlow;
    }

    CircuitSnapshot.LocalCounters snapshot() {
        long recordedFailures = windowFailures.sum();
        long successes = windowCalls.sum() - recordedFailures + unrecordedSuccesses.sum() + probeSuccesses.sum();
        long failures = recordedFailures + unrecordedFailures.sum() + probeFailures.sum();
        long rel = released.sum();
        return new CircuitSnapshot.LocalCounters(successes + failures + rel + late.sum(), rejected.sum(), successes,
                failures, windowSlow.sum(), late.sum(), rel);
    }
}
