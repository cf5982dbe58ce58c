package io.fleetbreaker.event;

import io.fleetbreaker.Rejection;

/** A call was not permitted on this instance. */
public record CallRejected(String circuit, Rejection rejection) implements BreakerEvent {
}
