package io.fleetbreaker.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: the n-th call is due at {@code start + offset + n × period}, whatever earlier calls took. A caller
 * that fell behind catches up, but by at most {@code maxLag}, so a stall never turns into a burst.
 */
final class Pacer {

    private final long periodNanos;
    private final long maxLagNanos;
    private long next;

    Pacer(long periodNanos, long offsetNanos) {
        this.periodNanos = periodNanos;
        this.maxLagNanos = Math.max(periodNanos, 100_000_000L);
        this.next = System.nanoTime() + offsetNanos;
    }

    /** Waits until the next call is due. */
    void awaitNext() {
        long now = System.nanoTime();
        if (now - next > maxLagNanos) {
            next = now - maxLagNanos;
        }
        while (next - now > 0) {
            LockSupport.parkNanos(next - now);
            now = System.nanoTime();
        }
        next += periodNanos;
    }
}
