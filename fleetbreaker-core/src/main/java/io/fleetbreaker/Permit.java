package io.fleetbreaker;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a caller holds while its call runs. Exactly one of {@link #onSuccess}, {@link #onFailure} or {@link #release}
 * must be called; later calls are ignored. The outcome is tagged with the generation the call was admitted in, so an
 * outcome that arrives after a transition is only counted as late and never changes state.
 *
 * <p>The returned stages complete when the outcome has been taken into account fleet-wide as far as it needs to be:
 * immediately for a success in CLOSED, after the fleet window was evaluated for a failure. Callers that want the
 * next call to see the decision (the gateway) wait for it; others may ignore it. They never complete exceptionally.
 * Thread-safe.
 */
public non-sealed interface Permit extends Admission {

    /** The generation this call was admitted in. */
    long generation();

    /** {@code true} when this call holds one of the fleet's half-open probe leases. */
    boolean isProbe();

    /** The call succeeded after {@code duration} (slow if longer than the slow-call threshold). */
    CompletionStage<Void> onSuccess(Duration duration);

    /** The call failed after {@code duration}. {@code cause} may be {@code null}. */
    CompletionStage<Void> onFailure(Duration duration, Throwable cause);

    /** The call was abandoned (cancelled, client gone): free the permit and record nothing. */
    CompletionStage<Void> release();

    @Override
    default boolean isPermitted() {
        return true;
    }
}
