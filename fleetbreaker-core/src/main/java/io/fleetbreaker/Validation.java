package io.fleetbreaker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects argument problems whose messages read {@code <key> must be ... but was ...}. Not thread-safe. */
final class Validation {

    private final List<String> problems = new ArrayList<>();

    boolean positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            return problem(key + " must be a positive duration (like 250ms, 10s or 2m) but was "
                    + (value == null ? "unset" : text(value)));
        }
        return true;
    }

    boolean range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            String allowed = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            return problem(key + " must be " + allowed + " but was " + value);
        }
        return true;
    }

    /** Records a problem; returns {@code false} so checks can be chained. */
    boolean problem(String message) {
        problems.add(message);
        return false;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** A duration the way the config writes it: {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms != 0) {
            return ms / 1000 + "s";
        }
        return d.isNegative() || ms != 0 ? ms + "ms" : d.toNanos() + "ns";
    }
}
