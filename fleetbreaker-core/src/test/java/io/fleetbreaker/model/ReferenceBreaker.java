package io.fleetbreaker.model;

import io.fleetbreaker.CircuitState;
import io.fleetbreaker.OperatorAction;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately small reference model of SPEC §2 for one circuit, written independently of the implementation: one
 * fleet-wide record, a failure-count window of 1 s buckets, probe slots, backoff. It assumes every instance syncs after
 * every step, so the fleet behaves as one breaker. Not thread-safe.
 */
final class ReferenceBreaker {

    static final int FAILURE_THRESHOLD = 3;
    static final long OPEN_MILLIS = 5_000;
    static final long MAX_OPEN_MILLIS = 20_000;
    static final int PROBES = 2;
    static final int SUCCESSES_TO_CLOSE = 2;
    static final long MAX_HALF_OPEN_MILLIS = 2 * 1_000 + OPEN_MILLIS;
    static final long WINDOW_BUCKETS = 10;

    CircuitState state = CircuitState.CLOSED;
    long generation = 1;
    long openUntil;
    long halfOpenUntil;
    int consecutiveOpens;
    private final Map<Long, Integer> failuresByBucket = new HashMap<>();
    private int probesTaken;
    private int probeSuccesses;

    /** A call with the given outcome; returns whether it was admitted. */
    boolean call(long now, boolean failure) {
        switch (state) {
            case CLOSED -> {
                if (failure) {
                    failuresByBucket.merge(now / 1000, 1, Integer::sum);
                    if (windowFailures(now) >= FAILURE_THRESHOLD) {
                        open(now, 1);
                    }
                }
                return true;
            }
            case FORCED_CLOSED -> {
                if (failure) {
                    failuresByBucket.merge(now / 1000, 1, Integer::sum);
                }
                return true;
            }
            case DISABLED -> {
                return true;
            }
            case HALF_OPEN -> {
                if (now >= halfOpenUntil) {
                    open(now, consecutiveOpens + 1);
                    return false;
                }
                if (probesTaken == PROBES) {
                    return false;
                }
                probesTaken++;
                if (failure) {
                    open(now, consecutiveOpens + 1);
                } else if (++probeSuccesses >= SUCCESSES_TO_CLOSE) {
                    newGeneration(CircuitState.CLOSED);
                    consecutiveOpens = 0;
                }
                return true;
            }
            default -> {
                return false; // OPEN (its deadline is in the future after every sync) and FORCED_OPEN
            }
        }
    }

    /** What one sync step of the fleet does with deadlines. */
    void sync(long now) {
        if (state == CircuitState.OPEN && now >= openUntil) {
            newGeneration(CircuitState.HALF_OPEN);
            halfOpenUntil = now + MAX_HALF_OPEN_MILLIS;
        } else if (state == CircuitState.HALF_OPEN && now >= halfOpenUntil) {
            open(now, consecutiveOpens + 1);
        }
    }

    void operate(OperatorAction action) {
        newGeneration(action.target());
        consecutiveOpens = 0;
    }

    /** The store lost everything: CLOSED at a new generation, except OPEN before its deadline and operator states. */
    void storeLost(long now) {
        boolean keep = state.isOperatorState() || (state == CircuitState.OPEN && openUntil > now);
        CircuitState next = keep ? state : CircuitState.CLOSED;
        long until = openUntil;
        int opens = consecutiveOpens;
        newGeneration(next);
        if (keep) {
            openUntil = until;
            consecutiveOpens = opens;
        } else {
            consecutiveOpens = 0;
        }
    }

    long windowFailures(long now) {
        long bucket = now / 1000;
        long sum = 0;
        for (long b = bucket - WINDOW_BUCKETS + 1; b <= bucket; b++) {
            sum += failuresByBucket.getOrDefault(b, 0);
        }
        return sum;
    }

    private void open(long now, int opens) {
        consecutiveOpens = opens;
        long duration = (long) Math.min(MAX_OPEN_MILLIS, OPEN_MILLIS * Math.pow(2, opens - 1));
        newGeneration(CircuitState.OPEN);
        openUntil = now + duration;
    }

    private void newGeneration(CircuitState next) {
        state = next;
        generation++;
        failuresByBucket.clear();
        probesTaken = 0;
        probeSuccesses = 0;
    }
}
