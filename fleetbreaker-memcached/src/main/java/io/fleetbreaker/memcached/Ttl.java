package io.fleetbreaker.memcached;

import java.time.Duration;
import java.util.Objects;

/** Lifetimes as Memcached takes them: whole seconds, 0 for "never expires". */
final class Ttl {

    private Ttl() {
    }

    /**
     * {@code ttl} in whole seconds, rounded up so a key never dies before its lifetime (Memcached's clock has 1 s
     * resolution, so it may still live up to a second longer). {@link Duration#ZERO} stays 0, "never expires".
     * Lifetimes of 30 days or more are sent as absolute times by folsom itself.
     */
    static int seconds(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative but was " + ttl);
        }
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        if (seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttl must be at most " + Integer.MAX_VALUE + " seconds but was " + ttl);
        }
        return (int) seconds;
    }
}
