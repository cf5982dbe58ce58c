package io.fleetbreaker.internal;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Decides when the shared store counts as down. One slow or failed operation is not an outage: on a busy machine a
 * GC pause or a scheduling hiccup makes single operations miss a 50 ms timeout, and switching a whole instance to
 * local decisions for that would hand out a second probe budget. The store is down after {@code failuresInARow}
 * consecutive failures spanning at least {@code grace}; any success in between starts over.
 *
 * <p>Thread-safe.
 */
final class StoreHealth {

    private final int failuresInARow;
    private final long graceNanos;
    private final LongSupplier nanoTime;
    private final Consumer<Throwable> onDown;
    private int failures;
    private long firstFailureNanos;

    StoreHealth(int failuresInARow, Duration grace, LongSupplier nanoTime, Consumer<Throwable> onDown) {
        this.failuresInARow = failuresInARow;
        this.graceNanos = grace.toNanos();
        this.nanoTime = nanoTime;
        this.onDown = onDown;
    }

    void succeeded() {
        synchronized (this) {
            failures = 0;
        }
    }

    void failed(Throwable error) {
        boolean down;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (failures++ == 0) {
                firstFailureNanos = now;
            }
            down = failures >= failuresInARow && now - firstFailureNanos >= graceNanos;
        }
        if (down) {
            onDown.accept(error);
        }
    }
}
