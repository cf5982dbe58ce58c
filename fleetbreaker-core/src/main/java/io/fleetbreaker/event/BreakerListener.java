package io.fleetbreaker.event;

/**
 * Receives breaker events. Every method defaults to doing nothing. Called synchronously on the thread that caused the
 * event (a caller's thread for rejections and outcomes, a store or sync thread for transitions), so implementations
 * must be fast, thread-safe and must not throw.
 */
public interface BreakerListener {

    default void onTransition(StateTransition event) {
    }

    default void onRejected(CallRejected event) {
    }

    default void onOutcome(OutcomeRecorded event) {
    }

    default void onStoreHealth(StoreHealthChanged event) {
    }
}
