package io.fleetbreaker.gateway.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the fleet: the scenario observes a running system, so it polls instead of being told. */
final class Poll {

    private Poll() {
    }

    /** Polls {@code condition} every {@code everyMillis} until it holds or {@code max} has passed. */
    static boolean until(Duration max, long everyMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.sleep(everyMillis);
        }
    }
}
