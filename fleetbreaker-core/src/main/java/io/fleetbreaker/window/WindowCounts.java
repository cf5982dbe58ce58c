package io.fleetbreaker.window;

/**
 * Counts of one window (or bucket): calls with an outcome, failures among them, slow calls among them.
 * A call can be both a failure and slow.
 */
public record WindowCounts(long calls, long failures, long slow) {

    public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

    /** Bits per field when three counts share one 64-bit store counter (see {@link #pack()}). */
    static final int FIELD_BITS = 21;
    /** The largest count one field of a packed counter can hold per bucket: 2,097,151. */
    public static final long MAX_PACKED_COUNT = (1L << FIELD_BITS) - 1;

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
     * The three counts as one unsigned number, so a whole flush is a single atomic {@code incr}: calls in bits 0-20,
     * failures in 21-41, slow in 42-62. Sums of packed values stay correct while every field of the sum stays
     * at or below {@link #MAX_PACKED_COUNT}, i.e. fewer than about two million calls per bucket fleet-wide.
     */
    public long pack() {
        return (Math.min(calls, MAX_PACKED_COUNT))
                | (Math.min(failures, MAX_PACKED_COUNT) << FIELD_BITS)
                | (Math.min(slow, MAX_PACKED_COUNT) << (2 * FIELD_BITS));
    }

    public static WindowCounts unpack(long packed) {
        return new WindowCounts(packed & MAX_PACKED_COUNT, (packed >>> FIELD_BITS) & MAX_PACKED_COUNT,
                (packed >>> (2 * FIELD_BITS)) & MAX_PACKED_COUNT);
    }
}
