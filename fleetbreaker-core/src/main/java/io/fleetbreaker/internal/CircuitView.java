package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitState;

/**
 * What one instance currently believes about a circuit: the last record it adopted and how the store's health changes
 * admission. Immutable; swapped as a whole through a volatile field so the hot path costs one volatile read.
 */
final class CircuitView {

    /** How a call is admitted in this view, decided once per view instead of once per call. */
    enum Admission {
        /** CLOSED or FORCED_CLOSED: admit and count the outcome in the window. */
        RECORD,
        /** DISABLED, or store down with {@code onFailure: allow}: admit and count nothing. */
        PASS,
        /** OPEN: reject until the deadline, then try HALF_OPEN. */
        OPEN,
        /** HALF_OPEN: admit only with a fleet-wide probe lease. */
        PROBE,
        /** FORCED_OPEN, or store down with {@code onFailure: reject}. */
        REJECT
    }

    /** How the store's health overrides the record. */
    enum StoreMode { NORMAL, ALLOW_ALL, REJECT_ALL }

    final CircuitRecord record;
    final StoreMode storeMode;
    final Admission admission;
    final long generation;
    final long openUntilMillis;

    CircuitView(CircuitRecord record, StoreMode storeMode) {
        this.record = record;
        this.storeMode = storeMode;
        this.generation = record.generation();
        this.openUntilMillis = record.openUntilMillis();
        this.admission = switch (storeMode) {
            case ALLOW_ALL -> Admission.PASS;
            case REJECT_ALL -> Admission.REJECT;
            case NORMAL -> admissionOf(record.state());
        };
    }

    CircuitState state() {
        return record.state();
    }

    CircuitView withStoreMode(StoreMode mode) {
        return new CircuitView(record, mode);
    }

    private static Admission admissionOf(CircuitState state) {
        return switch (state) {
            case CLOSED, FORCED_CLOSED -> Admission.RECORD;
            case DISABLED -> Admission.PASS;
            case OPEN -> Admission.OPEN;
            case HALF_OPEN -> Admission.PROBE;
            case FORCED_OPEN -> Admission.REJECT;
        };
    }
}
