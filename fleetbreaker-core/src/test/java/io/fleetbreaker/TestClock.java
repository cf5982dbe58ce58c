package io.fleetbreaker;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. (The testkit has its own; core tests cannot depend on the testkit.) */
public final class TestClock implements InstantSource {

    private final AtomicLong millis = new AtomicLong(1_764_770_000_000L);

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }
}
