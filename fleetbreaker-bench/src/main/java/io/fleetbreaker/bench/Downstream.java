package io.fleetbreaker.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The protected service of the scenarios: an in-process function, not a server, because the figures count calls that
 * reach it and a network hop would only add noise. It answers at once: success while healthy, a failure (a 500) while
 * failing. Thread-safe.
 */
public final class Downstream {

    private volatile boolean failing;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** One call; {@code true} when it succeeded. */
    public boolean call() {
        calls.increment();
        if (failing) {
            failed.increment();
            return false;
        }
        return true;
    }

    public void failing(boolean v) {
        failing = v;
    }

    public long calls() {
        return calls.sum();
    }

    /** Calls answered with a failure. */
    public long failed() {
        return failed.sum();
    }
}
