package io.fleetbreaker.window;

/**
 * Counts of one window (or bucket): calls with an outcome, failures among them, slow calls among them.
 * A call can be both a failure and slow.
 */
public record WindowCounts(long calls, long failures, long slow) {

    public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

    /** Bits of each field when the three counts share one 64-bit store counter (see {@link #pack()}). */
    static final int CALL_BITS = 28;
    static final int FAILURE_BITS = 18;
    static final int SLOW_BITS = 18;
    /** The most calls one bucket can count fleet-wide: 268,435,455. */
    public static final long MAX_PACKED_CALLS = (1L << CALL_BITS) - 1;
    /** The most failures (and, separately, slow calls) one bucket can count fleet-wide: 262,143. */
    public static final long MAX_PACKED_FAILURES = (1L << FAILURE_BITS) - 1;

    public WindowCounts plus(WindowCounts other) {
        return new WindowCounts(calls + other.calls, failures + other.failures, slow + other.slow);
    }

    public boolean isEmpty() {
        return calls == 0 && failures == 0 && slow == 0;
    }

    /** Failure rate in percent, 0 when there were no calls. */
    public double failureRate() {
        return calls == 0 ? 0 : 100.0 * failures / calls;
    }

    /** Slow-call rate in percent, 0 when there were no calls. */
    public double slowRate() {
        return calls == 0 ? 0 : 100.0 * slow / calls;
    }

    /**
     * The three counts as one unsigned number, so a whole flush is a single atomic {@code incr}: calls in bits 0-27,
     * failures in 28-45, slow calls in 46-63. Sums of packed values stay exact while each field of the sum stays within
     * its bits: up to about 268 million calls and 262 thousand failures per bucket, fleet-wide. Calls get the most
     * bits because an in-process caller can make millions per second; a failure count that high has long tripped the
     * circuit. Each field of one delta saturates rather than spilling into its neighbour.
     */
    public long pack() {
        return Math.min(calls, MAX_PACKED_CALLS)
                | (Math.min(failures, MAX_PACKED_FAILURES) << CALL_BITS)
                | (Math.min(slow, MAX_PACKED_FAILURES) << (CALL_BITS + FAILURE_BITS));
    }

    public static WindowCounts unpack(long packed) {
        return new WindowCounts(packed & MAX_PACKED_CALLS, (packed >>> CALL_BITS) & MAX_PACKED_FAILURES,
                (packed >>> (CALL_BITS + FAILURE_BITS)) & MAX_PACKED_FAILURES);
    }
}
