package io.fleetbreaker;

/** How a protected call ended. Slowness is reported beside it, since a success or a failure can also be slow. */
public enum Outcome {
    SUCCESS,
    FAILURE,
    /** No outcome: the call was cancelled or abandoned; its permit was freed and nothing was recorded. */
    RELEASED
}
