package io.fleetbreaker.internal;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Outcome;
import io.fleetbreaker.Rejection;
import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fleet-wide half-open probe budget (SPEC §2.4). A HALF_OPEN generation has {@code halfOpenPermittedCalls} lease
 * slots in the store. A probe takes a free slot with {@code add}, or takes over a slot whose lease deadline passed with
 * a compare-and-set, so at most that many probes run at once across the fleet, and a probe whose instance died frees
 * its slot when its lease expires. A probe that reports success marks its slot {@code done} (spent for this episode);
 * a released probe frees its slot; a failed probe re-opens the circuit. Probe successes are counted fleet-wide with
 * {@code increment}; the one that reaches {@code halfOpenSuccessThreshold} closes the circuit.
 *
 * <p>Slot values are {@code <instance>@<leaseUntilEpochMillis>} or {@code done}. Thread-safe.
 */
final class ProbeLeases {

    private static final String DONE = "done";

    /** A lease this instance holds. */
    record Lease(long generation, String key, String value) {
    }

    /** Fleet-wide probe progress of one generation, for snapshots. */
    record Progress(long successes, int inUse) {
    }

    private final FleetCircuit circuit;
    private final RecordProtocol records;
    private final Fleet fleet;
    private final OutcomeCounters counters;
    /**
     * Every slot of this generation was found taken; until the earliest of their leases can end, further requests
     * are rejected here without asking the store (during HALF_OPEN every other call would otherwise cost round trips).
     */
    private volatile long exhaustedGeneration = -1;
    private volatile long exhaustedUntilMillis;

    ProbeLeases(FleetCircuit circuit, RecordProtocol records, Fleet fleet, OutcomeCounters counters) {
        this.circuit = circuit;
        this.records = records;
        this.fleet = fleet;
        this.counters = counters;
    }

    CompletionStage<Admission> acquire(CircuitView v) {
        long now = fleet.clock().millis();
        if (now >= v.record.halfOpenUntilMillis()) {
            records.reopenUndecided(v);
            return CompletableFuture.completedFuture(circuit.reject(v, Rejection.Reason.PROBES_EXHAUSTED, 0));
        }
        if (v.generation == exhaustedGeneration && now < exhaustedUntilMillis) {
            return CompletableFuture.completedFuture(
                    circuit.reject(v, Rejection.Reason.PROBES_EXHAUSTED, exhaustedUntilMillis - now));
        }
        CircuitBreakerConfig c = circuit.config();
        int slots = c.halfOpenPermittedCalls();
        int first = ThreadLocalRandom.current().nextInt(slots);
        return trySlot(v, fleet.store(), c, first, 0, slots, now, Long.MAX_VALUE).exceptionally(
                e -> circuit.reject(v, Rejection.Reason.PROBES_EXHAUSTED, 0));
    }

    private CompletionStage<Admission> trySlot(CircuitView v, StateStore store, CircuitBreakerConfig c, int first,
            int tried, int slots, long now, long earliestLeaseEnd) {
        if (tried == slots) {
            long until = Math.min(earliestLeaseEnd, now + c.probeLease().toMillis());
            exhaustedGeneration = v.generation;
            exhaustedUntilMillis = until;
            return CompletableFuture.completedFuture(
                    circuit.reject(v, Rejection.Reason.PROBES_EXHAUSTED, Math.max(1, until - now)));
        }
        String key = fleet.keys().lease(circuit.name(), v.generation, (first + tried) % slots);
        String value = fleet.instanceId() + "@" + (now + c.probeLease().toMillis());
        Duration ttl = leaseTtl(c);
        return store.add(key, value, ttl).thenCompose(added -> {
            if (added) {
                return granted(v, key, value);
            }
            return store.get(key).thenCompose(held -> {
                if (held != null && isExpiredLease(held.value(), now)) {
                    return store.compareAndSet(key, held.cas(), value, ttl).thenCompose(r -> r == CasResult.STORED
                            ? granted(v, key, value)
                            : trySlot(v, store, c, first, tried + 1, slots, now, earliestLeaseEnd));
                }
                long leaseEnd = held == null ? now : leaseEnd(held.value());
                return trySlot(v, store, c, first, tried + 1, slots, now, Math.min(earliestLeaseEnd, leaseEnd));
            });
        });
    }

    private CompletionStage<Admission> granted(CircuitView v, String key, String value) {
        return CompletableFuture.completedFuture(new Permits.Probe(this, new Lease(v.generation, key, value)));
    }

    CompletionStage<Void> succeeded(Lease lease, Duration duration) {
        CircuitView v = circuit.view();
        if (lease.generation() != v.generation) {
            return late(lease, Outcome.SUCCESS, duration);
        }
        counters.probeSuccesses.increment();
        circuit.emitOutcome(Outcome.SUCCESS, false, duration, lease.generation(), false, true);
        StateStore store = fleet.store();
        CircuitBreakerConfig c = circuit.config();
        String successKey = fleet.keys().probeSuccesses(circuit.name(), lease.generation());
        markDone(store, lease, c); // at once, in parallel: the slot must not look free once its lease runs out
        return store.increment(successKey, 1, c.maxHalfOpenDuration().plusSeconds(2)).thenCompose(successes -> {
            if (successes < c.halfOpenSuccessThreshold()) {
                return Permits.DONE;
            }
            long now = fleet.clock().millis();
            return records.transitionIf(v, r -> r.state() == CircuitState.HALF_OPEN, r -> r.closed(now,
                    fleet.instanceId(), successes + " probe successes >= halfOpenSuccessThreshold "
                            + c.halfOpenSuccessThreshold()));
        }).exceptionally(e -> null);
    }

    CompletionStage<Void> failed(Lease lease, Duration duration) {
        CircuitView v = circuit.view();
        if (lease.generation() != v.generation) {
            return late(lease, Outcome.FAILURE, duration);
        }
        counters.probeFailures.increment();
        circuit.emitOutcome(Outcome.FAILURE, false, duration, lease.generation(), false, true);
        long now = fleet.clock().millis();
        return records.transitionIf(v, r -> r.state() == CircuitState.HALF_OPEN,
                r -> r.reopened(circuit.config(), now, fleet.instanceId(), "probe failed"));
    }

    /** A cancelled probe: give its slot back so another call can probe (only if we still hold it). */
    CompletionStage<Void> release(Lease lease) {
        circuit.recordReleased();
        exhaustedGeneration = -1; // our own slot is free again
        StateStore store = fleet.store();
        return store.get(lease.key()).thenCompose(held -> held != null && held.value().equals(lease.value())
                ? store.delete(lease.key(), held.cas()).thenApply(x -> (Void) null)
                : Permits.DONE).exceptionally(e -> null);
    }

    private CompletionStage<Void> late(Lease lease, Outcome outcome, Duration duration) {
        counters.late.increment();
        circuit.emitOutcome(outcome, false, duration, lease.generation(), true, true);
        return Permits.DONE;
    }

    /** A successful probe's slot stays spent for the rest of the episode, so the budget is not handed out again. */
    private void markDone(StateStore store, Lease lease, CircuitBreakerConfig c) {
        store.get(lease.key()).thenCompose(held -> held != null && held.value().equals(lease.value())
                ? store.compareAndSet(lease.key(), held.cas(), DONE, c.maxHalfOpenDuration().plusSeconds(2))
                : CompletableFuture.completedFuture(CasResult.NOT_FOUND)).exceptionally(e -> null);
    }

    /** The keys that describe probe progress of {@code generation}: every lease slot, then the success counter. */
    List<String> keys(long generation) {
        List<String> keys = leaseKeys(generation);
        keys.add(fleet.keys().probeSuccesses(circuit.name(), generation));
        return keys;
    }

    private List<String> leaseKeys(long generation) {
        int slots = circuit.config().halfOpenPermittedCalls();
        List<String> keys = new ArrayList<>(slots + 1);
        for (int slot = 0; slot < slots; slot++) {
            keys.add(fleet.keys().lease(circuit.name(), generation, slot));
        }
        return keys;
    }

    Progress progress(long generation, Map<String, Versioned> found, long now) {
        int inUse = 0;
        for (String key : leaseKeys(generation)) {
            Versioned v = found.get(key);
            if (v != null && !DONE.equals(v.value()) && !isExpiredLease(v.value(), now)) {
                inUse++;
            }
        }
        Versioned successes = found.get(fleet.keys().probeSuccesses(circuit.name(), generation));
        long count = 0;
        if (successes != null) {
            try {
                count = Long.parseLong(successes.value().trim());
            } catch (NumberFormatException e) {
                count = 0;
            }
        }
        return new Progress(count, inUse);
    }

    /** When a held lease ends; a spent ({@code done}) slot never does. */
    private static long leaseEnd(String value) {
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(value.substring(at + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isExpiredLease(String value, long now) {
        return leaseEnd(value) <= now;
    }

    /** The store's own expiry is only a backstop for the deadline in the value; it must not end a lease early. */
    private static Duration leaseTtl(CircuitBreakerConfig c) {
        return c.probeLease().plusSeconds(2);
    }
}
