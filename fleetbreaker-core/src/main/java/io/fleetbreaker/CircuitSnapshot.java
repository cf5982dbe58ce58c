package io.fleetbreaker;

import io.fleetbreaker.window.WindowCounts;

/**
 * A read-only view of one circuit: the fleet's shared record, the fleet window, probe progress, and this instance's
 * own counters. Taking a snapshot never changes anything (SPEC §2.7).
 *
 * @param state                    fleet-wide state as this instance knows it
 * @param generation               increases by one on every transition
 * @param window                   fleet-wide counts of the current window (current generation only)
 * @param openUntilEpochMillis     when OPEN ends (0 when not OPEN)
 * @param halfOpenUntilEpochMillis when an undecided HALF_OPEN re-opens (0 when not HALF_OPEN)
 * @param consecutiveOpens         opens in a row without a close, for the backoff
 * @param probeSuccesses           probe successes so far in this HALF_OPEN episode
 * @param probesInUse              probe leases currently held fleet-wide
 * @param sinceEpochMillis         when the current state began
 * @param changedBy                instance id (or operator) that made the last transition
 * @param reason                   why the last transition happened
 * @param degraded                 {@code true} when this instance runs on its own because the store is down
 * @param local                    this instance's own counters since it started
 */
public record CircuitSnapshot(
        String name,
        CircuitState state,
        long generation,
        WindowCounts window,
        long openUntilEpochMillis,
        long halfOpenUntilEpochMillis,
        int consecutiveOpens,
        long probeSuccesses,
        int probesInUse,
        long sinceEpochMillis,
        String changedBy,
        String reason,
        boolean degraded,
        LocalCounters local,
        CircuitBreakerConfig config) {

    /** What SPEC §4 calls {@code failures_or_successes}: probe successes in HALF_OPEN, window failures otherwise. */
    public long failuresOrSuccesses() {
        return state == CircuitState.HALF_OPEN ? probeSuccesses : window.failures();
    }

    /** This instance's own counters since start-up (monotonic; for metrics). */
    public record LocalCounters(long permitted, long rejected, long successes, long failures, long slow, long late,
            long released) {
    }
}
