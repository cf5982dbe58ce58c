package io.fleetbreaker;

import java.time.Duration;

/** A call was not permitted. {@code retryAfter} is the caller's best hint of when to try again (never negative). */
public record Rejection(String circuit, CircuitState state, Reason reason, Duration retryAfter) implements Admission {

    /** Why the call was rejected. */
    public enum Reason {
        /** The circuit is OPEN. */
        CIRCUIT_OPEN,
        /** An operator forced the circuit open. */
        FORCED_OPEN,
        /** HALF_OPEN and every probe lease of the fleet is taken. */
        PROBES_EXHAUSTED,
        /** The shared store is down and {@code store.onFailure} is {@code reject}. */
        STORE_UNAVAILABLE
    }

    @Override
    public boolean isPermitted() {
        return false;
    }

    /** This rejection as an exception, without a stack trace (rejections are frequent and expected). */
    public CallNotPermittedException toException() {
        return new CallNotPermittedException(this);
    }
}
