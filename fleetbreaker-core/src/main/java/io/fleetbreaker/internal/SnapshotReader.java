package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.store.Versioned;
import io.fleetbreaker.window.WindowCounts;
import java.util.List;
import java.util.Map;

/**
 * Reads one circuit's {@link CircuitSnapshot}: which keys to fetch, and how to turn what was found into a snapshot of
 * a given view. Split in two so that the registry can fetch every circuit's keys in one multi-get. Reads change
 * nothing (SPEC §2.7). Thread-safe.
 */
final class SnapshotReader {

    private final FleetCircuit circuit;
    private final FleetWindow window;
    private final ProbeLeases probes;
    private final OutcomeCounters counters;

    SnapshotReader(FleetCircuit circuit, FleetWindow window, ProbeLeases probes, OutcomeCounters counters) {
        this.circuit = circuit;
        this.window = window;
        this.probes = probes;
        this.counters = counters;
    }

    /** The keys a snapshot reads: the window, probe progress and the record. */
    List<String> snapshotKeys(CircuitView v, long now) {
        List<String> keys = window.windowKeys(windowGenerationShown(v),
                now / circuit.config().windowBucket().toMillis());
        keys.addAll(probes.keys(v.generation));
        keys.add(circuit.recordKey());
        return keys;
    }

    CircuitSnapshot toSnapshot(CircuitView v, Map<String, Versioned> found, long now, boolean degraded) {
        CircuitRecord r = v.record;
        WindowCounts counts = window.sumWindow(found, windowGenerationShown(v),
                now / circuit.config().windowBucket().toMillis());
        ProbeLeases.Progress progress = probes.progress(v.generation, found, now);
        boolean storeDown = degraded || v.storeMode != CircuitView.StoreMode.NORMAL;
        return new CircuitSnapshot(circuit.name(), r.state(), r.generation(), counts,
                r.state() == CircuitState.OPEN ? r.openUntilMillis() : 0,
                r.state() == CircuitState.HALF_OPEN ? r.halfOpenUntilMillis() : 0, r.consecutiveOpens(),
                progress.successes(), progress.inUse(), r.sinceMillis(), r.changedBy(), r.reason(), storeDown,
                counters.snapshot(circuit.pending()), circuit.config());
    }

    /**
     * OPEN has no window of its own (nothing is admitted); it shows the window that tripped it, so an operator sees
     * the failures that opened the circuit (SPEC §4's {@code failures_or_successes}).
     */
    private static long windowGenerationShown(CircuitView v) {
        return v.state() == CircuitState.OPEN ? v.generation - 1 : v.generation;
    }
}
