package io.fleetbreaker.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link InstantSource} that stands still until a test moves it, so time-dependent code is tested without sleeping.
 *
 * <p>Starts at a fixed, arbitrary instant (not the wall clock) so runs are reproducible. Moving backwards with
 * {@link #set(Instant)} is allowed, to test code against clock steps. Thread-safe: readers on any thread see the latest
 * {@code set}/{@code advance}.
 */
public final class MutableClock implements InstantSource {

    /** 2030-01-01T00:00:00Z: far from 0 so "epoch millis 0 means unset" bugs show up. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    public MutableClock() {
        this(DEFAULT_START);
    }

    /** Jumps to {@code instant} (forwards or backwards). */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves forward by {@code amount} (must not be negative) and returns the new instant. */
    public Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative but was " + amount);
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
