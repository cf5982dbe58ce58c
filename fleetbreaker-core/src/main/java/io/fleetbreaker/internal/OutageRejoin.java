package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitState;
import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One circuit across a shared-store outage (SPEC §2.10): seeding the local store when the outage begins, and
 * re-joining the fleet when the shared store answers again. Re-joining is the one place a view may move to a lower
 * generation, so it adopts with {@code force}.
 *
 * <p>The generation the outage began at is guarded by the circuit's monitor, the same lock
 * {@link FleetCircuit#adopt} and {@link FleetCircuit#setStoreMode} hold. Thread-safe.
 */
final class OutageRejoin {

    private final FleetCircuit circuit;
    private final Fleet fleet;
    private final RecordProtocol records;
    private final String recordKey;
    /** Guarded by {@code circuit}. */
    private long baseGenerationBeforeOutage;

    OutageRejoin(FleetCircuit circuit, Fleet fleet, RecordProtocol records, String recordKey) {
        this.circuit = circuit;
        this.fleet = fleet;
        this.records = records;
        this.recordKey = recordKey;
    }

    /** The shared store went down and {@code onFailure} is {@code local}: continue on {@code local}, seeded with our view. */
    void continueOn(StateStore local) {
        CircuitView v = circuit.view();
        synchronized (circuit) {
            baseGenerationBeforeOutage = v.generation;
        }
        local.add(recordKey, v.record.encode(), Duration.ZERO);
    }

    /**
     * Back from a store outage: the fleet's record wins, except that an OPEN this instance tripped on its own is
     * published if the fleet is still CLOSED in the generation it had when the outage began (SPEC §2.10).
     */
    CompletionStage<Void> rejoin(StateStore shared, Versioned found) {
        CircuitView local = circuit.view();
        long base;
        synchronized (circuit) {
            base = baseGenerationBeforeOutage;
        }
        CircuitRecord fleetRecord = found == null ? null : CircuitRecord.decode(found.value());
        boolean trippedAlone = local.state() == CircuitState.OPEN && local.generation > base;
        if (fleetRecord != null && trippedAlone && fleetRecord.state() == CircuitState.CLOSED
                && fleetRecord.generation() == base) {
            CircuitRecord published = new CircuitRecord(CircuitState.OPEN, base + 1, local.openUntilMillis, 0,
                    local.record.consecutiveOpens(), fleet.clock().millis(), fleet.instanceId(),
                    "published an OPEN tripped locally during a store outage", CircuitState.CLOSED);
            records.writing(published);
            return shared.compareAndSet(recordKey, found.cas(), published.encode(), Duration.ZERO)
                    .thenCompose(r -> r == CasResult.STORED
                            ? adoptForced(published) : forceFromStore(shared));
        }
        if (fleetRecord == null) {
            return records.recreate(shared);
        }
        circuit.adopt(fleetRecord, false, true);
        return Permits.DONE;
    }

    private CompletionStage<Void> adoptForced(CircuitRecord r) {
        fleet.transitionWon();
        circuit.adopt(r, true, true);
        return Permits.DONE;
    }

    private CompletionStage<Void> forceFromStore(StateStore shared) {
        return shared.get(recordKey).thenAccept(found -> {
            CircuitRecord r = found == null ? null : CircuitRecord.decode(found.value());
            if (r != null) {
                circuit.adopt(r, false, true);
            }
        });
    }
}
