package io.fleetbreaker.internal;

import io.fleetbreaker.Permit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The three kinds of {@link Permit}: counted in the window, counted nowhere, and half-open probes. */
final class Permits {

    static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private Permits() {
    }

    /** Completes once: the first outcome wins and later ones are ignored (one thread finishes a call). */
    private abstract static class OnceOnly implements Permit {
        final long generation;
        private boolean finished;

        OnceOnly(long generation) {
            this.generation = generation;
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public boolean isProbe() {
            return false;
        }

        final boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }

        @Override
        public CompletionStage<Void> onSuccess(Duration duration) {
            return finish() ? success(duration) : DONE;
        }

        @Override
        public CompletionStage<Void> onFailure(Duration duration, Throwable cause) {
            return finish() ? failure(duration, cause) : DONE;
        }

        @Override
        public CompletionStage<Void> release() {
            return finish() ? released() : DONE;
        }

        abstract CompletionStage<Void> success(Duration duration);

        abstract CompletionStage<Void> failure(Duration duration, Throwable cause);

        abstract CompletionStage<Void> released();
    }

    /** A call in CLOSED or FORCED_CLOSED: its outcome goes into the fleet window. */
    static final class Recording extends OnceOnly {
        private final FleetCircuit circuit;

        Recording(FleetCircuit circuit, long generation) {
            super(generation);
            this.circuit = circuit;
        }

        @Override
        CompletionStage<Void> success(Duration duration) {
            return circuit.recordOutcome(generation, false, duration);
        }

        @Override
        CompletionStage<Void> failure(Duration duration, Throwable cause) {
            return circuit.recordOutcome(generation, true, duration);
        }

        @Override
        CompletionStage<Void> released() {
            circuit.recordReleased();
            return DONE;
        }
    }

    /** A call admitted without recording (DISABLED, or the store is down with {@code onFailure: allow}). */
    static final class Passing extends OnceOnly {
        private final FleetCircuit circuit;

        Passing(FleetCircuit circuit, long generation) {
            super(generation);
            this.circuit = circuit;
        }

        @Override
        CompletionStage<Void> success(Duration duration) {
            circuit.countUnrecorded(false);
            return DONE;
        }

        @Override
        CompletionStage<Void> failure(Duration duration, Throwable cause) {
            circuit.countUnrecorded(true);
            return DONE;
        }

        @Override
        CompletionStage<Void> released() {
            circuit.recordReleased();
            return DONE;
        }
    }

    /** A half-open probe holding lease {@code lease}; its outcome decides the circuit. */
    static final class Probe extends OnceOnly {
        private final ProbeLeases probes;
        private final ProbeLeases.Lease lease;

        Probe(ProbeLeases probes, ProbeLeases.Lease lease) {
            super(lease.generation());
            this.probes = probes;
            this.lease = lease;
        }

        @Override
        public boolean isProbe() {
            return true;
        }

        @Override
        CompletionStage<Void> success(Duration duration) {
            return probes.succeeded(lease, duration);
        }

        @Override
        CompletionStage<Void> failure(Duration duration, Throwable cause) {
            return probes.failed(lease, duration);
        }

        @Override
        CompletionStage<Void> released() {
            return probes.release(lease);
        }
    }
}
