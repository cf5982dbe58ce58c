package io.fleetbreaker;

import java.time.Duration;

/** Argument checks whose messages read {@code <key> must be ... but was ...}. */
final class Validation {

    private Validation() {
    }

    static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration but was " + value);
        }
    }

    static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            String allowed = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new IllegalArgumentException(key + " must be " + allowed + " but was " + value);
        }
    }
}
