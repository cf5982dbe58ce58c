package io.fleetbreaker.event;

import io.fleetbreaker.CircuitState;

/**
 * A circuit changed state fleet-wide. {@code byThisInstance} is true on the instance that won the transition and
 * false on the instances that learned about it from the store.
 */
public record StateTransition(String circuit, CircuitState from, CircuitState to, long generation,
        long atEpochMillis, String changedBy, String reason, boolean byThisInstance) implements BreakerEvent {
}
