package io.fleetbreaker;

/** The fleet-wide state of a circuit. The last three are operator states: they hold until an operator resets. */
public enum CircuitState {
    /** Calls flow; outcomes are counted in the fleet window. */
    CLOSED,
    /** Every call is rejected until the shared deadline passes. */
    OPEN,
    /** A fleet-wide budget of probe calls decides between CLOSED and OPEN. */
    HALF_OPEN,
    /** Operator: reject every call. */
    FORCED_OPEN,
    /** Operator: admit every call and keep recording, but never trip. */
    FORCED_CLOSED,
    /** Operator: admit every call and record nothing. */
    DISABLED;

    public boolean isOperatorState() {
        return this == FORCED_OPEN || this == FORCED_CLOSED || this == DISABLED;
    }
}
