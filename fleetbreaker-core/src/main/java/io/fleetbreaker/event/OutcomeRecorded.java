package io.fleetbreaker.event;

import io.fleetbreaker.Outcome;
import java.time.Duration;

/** A call admitted on this instance finished. {@code late}: admitted in an older generation, so counted only as late. */
public record OutcomeRecorded(String circuit, Outcome outcome, boolean slow, Duration duration, long generation,
        boolean late, boolean probe) implements BreakerEvent {
}
