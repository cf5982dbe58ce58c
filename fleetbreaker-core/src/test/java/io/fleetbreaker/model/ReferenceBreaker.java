package io.fleetbreaker.model;

import io.fleetbreaker.CircuitState;
import io.fleetbreaker.OperatorAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    /** A probe lease lasts the call timeout (1 s) plus a 100 ms margin... */
    static final long LEASE_MILLIS = 1_100;
    /** ...and the store forgets an unfinished lease 2 s after that. */
    static final long LEASE_FORGOTTEN_MILLIS = LEASE_MILLIS + 2_000;

    /** A call admitted and not finished yet. */
    record Held(int id, long generation, boolean probe, int instance) {
    }

    private static final class Slot {
        int holder;
        long acquiredAt;
        boolean done;

        Slot(int holder, long acquiredAt) {
            this.holder = holder;
            this.acquiredAt = acquiredAt;
        }
    }

    CircuitState state = CircuitState.CLOSED;
    long generation = 1;
    long openUntil;
    long halfOpenUntil;
    int consecutiveOpens;
    private final Map<Long, Integer> failuresByBucket = new HashMap<>();
    private int probeSuccesses;
    private final List<Slot> slots = new ArrayList<>();
    private int nextHeldId;
    /**
     * Set when the implementation may legitimately take one of several lease slots (it starts at a random slot), so the
     * model can no longer predict which held probe lost its lease; checking stops there.
     */
    boolean indeterminate;
    /** Per instance: it found every slot taken and will not ask the store again before this time (an optimisation). */
    private final Map<Integer, Long> exhaustedUntil = new HashMap<>();

    /** A call with the given outcome; returns whether it was admitted. */
    boolean call(long now, boolean failure, int instance) {
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
                Held probe = hold(now, instance);
                if (probe == null) {
                    return false;
                }
                finish(probe, failure ? "failure" : "success", now);
                return true;
            }
            default -> {
                return false; // OPEN (its deadline is in the future after every sync) and FORCED_OPEN
            }
        }
    }

    /** Admits a call that will finish later; {@code null} when rejected. */
    Held hold(long now, int instance) {
        switch (state) {
            case CLOSED, FORCED_CLOSED, DISABLED -> {
                return new Held(nextHeldId++, generation, false, instance);
            }
            case HALF_OPEN -> {
                if (now >= halfOpenUntil) {
                    open(now, consecutiveOpens + 1);
                    return null;
                }
                if (now < exhaustedUntil.getOrDefault(instance, Long.MIN_VALUE)) {
                    return null;
                }
                slots.removeIf(s -> !s.done && now >= s.acquiredAt + LEASE_FORGOTTEN_MILLIS);
                List<Slot> expired = slots.stream().filter(s -> !s.done && now >= s.acquiredAt + LEASE_MILLIS).toList();
                int free = PROBES - slots.size();
                if (!expired.isEmpty() && (free > 0 || expired.size() > 1)) {
                    indeterminate = true;
                    return null;
                }
                int id = nextHeldId++;
                if (free > 0) {
                    slots.add(new Slot(id, now));
                } else if (expired.size() == 1) {
                    expired.get(0).holder = id;
                    expired.get(0).acquiredAt = now;
                } else {
                    long earliest = slots.stream().filter(s -> !s.done).mapToLong(s -> s.acquiredAt + LEASE_MILLIS)
                            .min().orElse(Long.MAX_VALUE);
                    exhaustedUntil.put(instance, Math.min(earliest, now + LEASE_MILLIS));
                    return null;
                }
                return new Held(id, generation, true, instance);
            }
            default -> {
                return null;
            }
        }
    }

    /** A held call finishes: {@code outcome} is "success", "failure" or "release". */
    void finish(Held held, String outcome, long now) {
        if (held.generation() != generation) {
            return; // late: counted, never changes state
        }
        slots.removeIf(s -> !s.done && now >= s.acquiredAt + LEASE_FORGOTTEN_MILLIS);
        Slot mine = slots.stream().filter(s -> s.holder == held.id() && !s.done).findFirst().orElse(null);
        if (!held.probe()) {
            if ("failure".equals(outcome) && state != CircuitState.DISABLED) {
                failuresByBucket.merge(now / 1000, 1, Integer::sum);
                if (state == CircuitState.CLOSED && windowFailures(now) >= FAILURE_THRESHOLD) {
                    open(now, 1);
                }
            }
            return;
        }
        switch (outcome) {
            case "release" -> {
                if (mine != null) {
                    slots.remove(mine);
                }
                exhaustedUntil.remove(held.instance());
            }
            case "failure" -> open(now, consecutiveOpens + 1);
            default -> {
                if (mine != null) {
                    mine.done = true;
                }
                if (++probeSuccesses >= SUCCESSES_TO_CLOSE) {
                    newGeneration(CircuitState.CLOSED);
                    consecutiveOpens = 0;
                }
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
        probeSuccesses = 0;
        slots.clear();
        exhaustedUntil.clear();
    }
}
