package io.fleetbreaker.event;

/** Everything a breaker reports to its listeners. */
public sealed interface BreakerEvent permits StateTransition, CallRejected, OutcomeRecorded, StoreHealthChanged {

    /** The circuit the event is about, or empty for fleet-level events. */
    String circuit();
}
