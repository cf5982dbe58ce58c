package io.fleetbreaker;

/** What an operator can do to a circuit, fleet-wide. */
public enum OperatorAction {
    FORCE_OPEN(CircuitState.FORCED_OPEN),
    FORCE_CLOSED(CircuitState.FORCED_CLOSED),
    DISABLE(CircuitState.DISABLED),
    /** Back to CLOSED with an empty window, from any state. */
    RESET(CircuitState.CLOSED);

    private final CircuitState target;

    OperatorAction(CircuitState target) {
        this.target = target;
    }

    public CircuitState target() {
        return target;
    }
}
