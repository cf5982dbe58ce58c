package io.fleetbreaker;

/** What an instance does while the shared store is unreachable (config key {@code store.onFailure}). */
public enum StoreFailurePolicy {
    /** Run the same breaker on this instance's own traffic only, and rejoin the fleet when the store is back. */
    LOCAL,
    /** Admit every call while the store is down. */
    ALLOW,
    /** Reject every call while the store is down. */
    REJECT
}
