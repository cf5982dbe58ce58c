package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.window.WindowCounts;

/** The trip conditions of SPEC §2.2, as a pure function of the config and the fleet window. */
final class TripRule {

    private TripRule() {
    }

    /** Why the window trips the circuit, or {@code null} when it does not. */
    static String reasonToTrip(CircuitBreakerConfig c, WindowCounts w) {
        if (c.failureThreshold() > 0 && w.failures() >= c.failureThreshold()) {
            return "failures " + w.failures() + " >= failureThreshold " + c.failureThreshold();
        }
        if (w.calls() < c.minimumNumberOfCalls()) {
            return null;
        }
        if (c.failureRateThreshold() > 0 && w.failureRate() >= c.failureRateThreshold()) {
            return String.format("failure rate %.1f%% >= failureRateThreshold %d%% over %d calls", w.failureRate(),
                    c.failureRateThreshold(), w.calls());
        }
        if (c.slowCallRateThreshold() > 0 && w.slowRate() >= c.slowCallRateThreshold()) {
            return String.format("slow rate %.1f%% >= slowCallRateThreshold %d%% over %d calls", w.slowRate(),
                    c.slowCallRateThreshold(), w.calls());
        }
        return null;
    }
}
