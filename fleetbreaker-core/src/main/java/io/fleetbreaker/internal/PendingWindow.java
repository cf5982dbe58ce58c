package io.fleetbreaker.internal;

import io.fleetbreaker.window.WindowCounts;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outcomes of one generation that this instance recorded and has not flushed yet. Callers add to cumulative
 * {@link LongAdder}s on the hot path; a flush takes the part not yet flushed as a delta. Cumulative sums only grow, so
 * a delta is never lost or counted twice while callers keep adding (a reset-based adder could drop concurrent adds).
 *
 * <p>One object per generation: when the circuit moves on, the old object is retired and flushed to its own
 * generation's keys, so an outcome that raced with the transition is still counted where it belongs, never in the
 * next generation's window. Thread-safe.
 */
final class PendingWindow {

    final long generation;
    /**
     * The first window an instance opens after reading the store also takes the outcomes of calls it admitted before
     * that read (permits of generation 0), so a failure in an instance's first milliseconds is not lost as late.
     */
    final boolean takesUnknownGeneration;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private long flushedCalls;
    private long flushedFailures;
    private long flushedSlow;
    private volatile long retiredAtMillis;

    PendingWindow(long generation) {
        this(generation, false);
    }

    PendingWindow(long generation, boolean takesUnknownGeneration) {
        this.generation = generation;
        this.takesUnknownGeneration = takesUnknownGeneration;
    }

    /** Whether an outcome of a call admitted in {@code permitGeneration} belongs to this window. */
    boolean accepts(long permitGeneration) {
        return permitGeneration == generation || (permitGeneration == 0 && takesUnknownGeneration);
    }

    /** Takes over counts recorded elsewhere (the pre-read window), as not yet flushed. */
    void absorb(WindowCounts counts) {
        calls.add(counts.calls());
        failures.add(counts.failures());
        slow.add(counts.slow());
    }

    void record(boolean failure, boolean isSlow) {
        calls.increment();
        if (failure) {
            failures.increment();
        }
        if (isSlow) {
            slow.increment();
        }
    }

    /** The outcomes recorded since the last take, now marked as flushed. */
    synchronized WindowCounts take() {
        long c = calls.sum();
        long f = failures.sum();
        long s = slow.sum();
        WindowCounts delta = new WindowCounts(c - flushedCalls, f - flushedFailures, s - flushedSlow);
        flushedCalls = c;
        flushedFailures = f;
        flushedSlow = s;
        return delta;
    }

    /** A flush failed: its delta is pending again. */
    synchronized void giveBack(WindowCounts delta) {
        flushedCalls -= delta.calls();
        flushedFailures -= delta.failures();
        flushedSlow -= delta.slow();
    }

    /** Racy but safe: only decides whether a flush is worth a round trip. */
    boolean hasPending() {
        return calls.sum() != flushedCalls;
    }

    boolean hasPendingFailuresOrSlow() {
        return failures.sum() != flushedFailures || slow.sum() != flushedSlow;
    }

    void retire(long nowMillis) {
        retiredAtMillis = nowMillis;
    }

    long retiredAtMillis() {
        return retiredAtMillis;
    }

    long totalCalls() {
        return calls.sum();
    }

    long totalFailures() {
        return failures.sum();
    }

    long totalSlow() {
        return slow.sum();
    }
}
