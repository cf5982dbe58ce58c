package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitState;
import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The compare-and-set protocol on one circuit's shared record (docs/architecture.md, "Each transition"). Every
 * transition reads the record with a fresh CAS token, checks it is still the generation and state the decision was
 * made on, and writes {@code generation + 1}; the winner adopts its record, a loser re-reads and adopts the winner's. A
 * missing record is created with {@code add}, and one older than this instance has seen is replaced (SPEC §2.11).
 *
 * <p>Kept apart from {@link FleetCircuit} because it is the part that must be right about races, and reads best as one
 * piece. The view it decides on and {@link FleetCircuit#adopt} belong to the circuit; the open-exit bookkeeping is
 * guarded by the circuit's monitor, the same lock {@code adopt} holds. Thread-safe.
 */
final class RecordProtocol {

    private static final int MAX_RETRIES = 4;

    private final FleetCircuit circuit;
    private final Fleet fleet;
    private final String recordKey;
    /** The record this instance is writing, so it knows the record as its own if it reads it back before the reply. */
    private volatile CircuitRecord writing;
    /** Guarded by {@code circuit}. */
    private CompletableFuture<Void> openExit;
    /** Guarded by {@code circuit}. */
    private long openExitGeneration = -1;

    RecordProtocol(FleetCircuit circuit, Fleet fleet, String recordKey) {
        this.circuit = circuit;
        this.fleet = fleet;
        this.recordKey = recordKey;
    }

    /** Adopts {@code found} (the record read from the store), or repairs it if it is missing, unreadable or older. */
    CompletionStage<Void> reconcile(StateStore store, Versioned found) {
        return found == null ? recreate(store, MAX_RETRIES) : adoptFromStore(store, found, MAX_RETRIES);
    }

    /** OPEN → HALF_OPEN once the shared deadline passed; concurrent callers share one attempt per generation. */
    CompletionStage<Void> leaveOpen(CircuitView v) {
        synchronized (circuit) {
            if (openExitGeneration == v.generation && openExit != null) {
                return openExit;
            }
            openExitGeneration = v.generation;
            openExit = transitionIf(v, r -> r.state() == CircuitState.OPEN
                            && fleet.clock().millis() >= r.openUntilMillis(),
                    r -> r.halfOpened(circuit.config(), fleet.clock().millis(), fleet.instanceId()))
                    .toCompletableFuture();
            return openExit;
        }
    }

    /** HALF_OPEN → OPEN when no decision came within {@code maxHalfOpenDuration} (SPEC §2.4). */
    CompletionStage<Void> reopenUndecided(CircuitView v) {
        return transitionIf(v, r -> r.state() == CircuitState.HALF_OPEN
                        && fleet.clock().millis() >= r.halfOpenUntilMillis(),
                r -> r.reopened(circuit.config(), fleet.clock().millis(), fleet.instanceId(),
                        "no probe decision within maxHalfOpenDuration " + circuit.config().maxHalfOpenDuration()));
    }

    /**
     * Writes {@code next(record)} if the stored record is still the one {@code v} was built from and {@code stillValid}
     * holds for it; otherwise adopts whatever the store has. The CAS token always comes from a fresh read.
     */
    CompletionStage<Void> transitionIf(CircuitView v, Predicate<CircuitRecord> stillValid,
            Function<CircuitRecord, CircuitRecord> next) {
        StateStore store = fleet.store();
        return store.get(recordKey).thenCompose(found -> {
            CircuitRecord r = found == null ? null : CircuitRecord.decode(found.value());
            if (r == null || r.generation() != v.generation || !stillValid.test(r)) {
                return reconcile(store, found);
            }
            return write(store, found, next.apply(r), MAX_RETRIES);
        }).exceptionally(e -> null);
    }

    /** Compare-and-set of the record from {@code current}, read for this decision. */
    CompletionStage<Void> write(StateStore store, Versioned current, CircuitRecord next) {
        return write(store, current, next, MAX_RETRIES);
    }

    /** Compare-and-set of the record. The winner adopts its record; a loser adopts the winner's. */
    private CompletionStage<Void> write(StateStore store, Versioned current, CircuitRecord next, int retries) {
        writing = next;
        return store.compareAndSet(recordKey, current.cas(), next.encode(), Duration.ZERO)
                .thenCompose(result -> switch (result) {
                    case STORED -> won(next);
                    case CONFLICT -> retries > 0 ? refresh(store, retries - 1) : Permits.DONE;
                    case NOT_FOUND -> retries > 0 ? recreate(store, retries - 1) : Permits.DONE;
                });
    }

    private CompletionStage<Void> won(CircuitRecord next) {
        fleet.transitionWon();
        if (!circuit.adopt(next, true, false) && circuit.lastOwnTransitionReported() < next.generation()) {
            // Our view already moved past it (a faster refresh): still report that this instance made it.
            circuit.report(next, true);
        }
        return Permits.DONE;
    }

    private CompletionStage<Void> refresh(StateStore store, int retries) {
        return store.get(recordKey).thenCompose(found -> found == null
                ? recreate(store, retries) : adoptFromStore(store, found, retries));
    }

    private CompletionStage<Void> adoptFromStore(StateStore store, Versioned found, int retries) {
        CircuitRecord r = CircuitRecord.decode(found.value());
        CircuitView v = circuit.view();
        if (r != null && r.generation() >= v.generation) {
            circuit.adopt(r, false, false);
            return Permits.DONE;
        }
        // Unreadable, or older than what this instance already saw: the store lost data (SPEC §2.11).
        CircuitRecord replacement = v.record.recreatedAfterLoss(fleet.clock().millis(), fleet.instanceId());
        return retries > 0 ? write(store, found, replacement, retries - 1) : Permits.DONE;
    }

    /** The record is missing: create it with {@code add}, so exactly one instance's version wins. */
    CompletionStage<Void> recreate(StateStore store) {
        return recreate(store, MAX_RETRIES);
    }

    private CompletionStage<Void> recreate(StateStore store, int retries) {
        CircuitView v = circuit.view();
        long now = fleet.clock().millis();
        CircuitRecord next = v.generation == 0
                ? CircuitRecord.created(1, now, fleet.instanceId(), "circuit created")
                : v.record.recreatedAfterLoss(now, fleet.instanceId());
        writing = next;
        return store.add(recordKey, next.encode(), Duration.ZERO).thenCompose(stored -> {
            if (stored) {
                return won(next);
            }
            return retries > 0 ? refresh(store, retries - 1) : Permits.DONE;
        });
    }

    /** An operator action: written on top of the newest record known, retried on conflict. */
    CompletionStage<Void> operate(CircuitState target, String actor, String why) {
        return operate(target, actor, why, MAX_RETRIES);
    }

    private CompletionStage<Void> operate(CircuitState target, String actor, String why, int retries) {
        StateStore store = fleet.store();
        long now = fleet.clock().millis();
        return store.get(recordKey).thenCompose(found -> {
            CircuitRecord stored = found == null ? null : CircuitRecord.decode(found.value());
            CircuitRecord base = stored != null && stored.generation() >= circuit.view().generation
                    ? stored : circuit.view().record;
            CircuitRecord next = base.operated(target, now, actor, why);
            writing = next;
            CompletionStage<Boolean> written = found == null
                    ? store.add(recordKey, next.encode(), Duration.ZERO)
                    : store.compareAndSet(recordKey, found.cas(), next.encode(), Duration.ZERO)
                            .thenApply(r -> r == CasResult.STORED);
            return written.thenCompose(ok -> {
                if (ok) {
                    return won(next);
                }
                if (retries == 0) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("circuit '" + circuit.name() + "' kept changing; try again"));
                }
                return operate(target, actor, why, retries - 1);
            });
        });
    }

    /** Rejoin publishes a record it decided on outside this protocol; it is still this instance's own write. */
    void writing(CircuitRecord next) {
        writing = next;
    }

    /** Whether {@code r} is the record this instance last set out to write. */
    boolean isOwnWrite(CircuitRecord r) {
        return r.equals(writing);
    }
}
