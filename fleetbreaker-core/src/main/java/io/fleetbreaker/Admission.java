package io.fleetbreaker;

/** The answer to a request for permission: a {@link Permit} to make the call, or a {@link Rejection}. */
public sealed interface Admission permits Permit, Rejection {

    /** {@code true} for a {@link Permit}. */
    boolean isPermitted();
}
