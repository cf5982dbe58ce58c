package io.fleetbreaker.internal;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.OperatorAction;
import io.fleetbreaker.Outcome;
import io.fleetbreaker.Rejection;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.CallRejected;
import io.fleetbreaker.event.OutcomeRecorded;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import io.fleetbreaker.window.WindowCounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit of one instance: the hot path over a locally cached {@link CircuitView}, and the store protocol that keeps
 * the view in step with the fleet.
 *
 * <p>Implementation notes. Admission reads {@link #view} once (volatile) and, in CLOSED, allocates a permit; outcomes
 * go to {@link OutcomeCounters}. Failures (and slow calls) are flushed at once as one packed {@code increment} of the
 * current bucket, then the fleet window and the record are read in one {@code getAll} and the trip rule is evaluated;
 * successes are flushed by the synchroniser (every bucket while the fleet window holds failures, every third bucket
 * otherwise). Every transition is a compare-and-set of the record from a freshly read CAS token, with
 * {@code generation + 1}; the loser of a race re-reads and adopts the winner's record. A view moves to a higher
 * generation, or to the store's record of the same generation when this instance diverged (its own decisions during a
 * store outage); it moves back only when re-joining after an outage.
 *
 * <p>This class keeps admission, outcome recording and the sync tick, and owns the state they share with the store
 * work: the view, the pending window and the retired ones. It is the only place that changes them ({@link #adopt},
 * {@link #setStoreMode}), under this object's monitor. The store work is split by idea, each part reading that state
 * through this class: {@link RecordProtocol} (compare-and-set transitions of the record), {@link FleetWindow}
 * (flushing and evaluating the fleet window), {@link OutageRejoin} (store outage) and {@link SnapshotReader}. Those
 * that lock, lock this object, so one monitor still guards every change of the view. Thread-safe.
 */
final class FleetCircuit implements CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(FleetCircuit.class);

    private final String name;
    private final Fleet fleet;
    private final String recordKey;
    private final Listeners listeners = new Listeners(List.of());
    private final OutcomeCounters counters = new OutcomeCounters();
    private final RecordProtocol records;
    private final FleetWindow fleetWindow;
    private final FlushQueue flushes;
    private final ProbeLeases probes;
    private final SnapshotReader snapshots;
    private final OutageRejoin outage;
    private volatile CircuitBreakerConfig config;
    private volatile CircuitView view = new CircuitView(CircuitRecord.unknown(), CircuitView.StoreMode.NORMAL);
    private volatile PendingWindow pending = new PendingWindow(0);
    private final Queue<PendingWindow> retired = new ConcurrentLinkedQueue<>();
    private volatile long lastOwnTransitionReported;

    FleetCircuit(String name, CircuitBreakerConfig config, Fleet fleet) {
        this.name = name;
        this.config = config;
        this.fleet = fleet;
        this.recordKey = fleet.keys().record(name);
        this.records = new RecordProtocol(this, fleet, recordKey);
        this.fleetWindow = new FleetWindow(this, fleet, records, counters, recordKey);
        this.flushes = new FlushQueue(fleetWindow::flushOnce);
        this.probes = new ProbeLeases(this, records, fleet, counters);
        this.snapshots = new SnapshotReader(this, fleetWindow, probes, counters);
        this.outage = new OutageRejoin(this, fleet, records, recordKey);
    }

    // ---------------------------------------------------------------- public API

    @Override
    public String name() {
        return name;
    }

    @Override
    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public CircuitState state() {
        return view.state();
    }

    @Override
    public long generation() {
        return view.generation;
    }

    @Override
    public Admission tryAcquirePermission() {
        CircuitView v = view;
        Admission fast = admitLocally(v);
        if (fast != null) {
            return fast;
        }
        CompletableFuture<Admission> slow = admitThroughStore(v).toCompletableFuture();
        try {
            // Bounded: every store operation on this path has its own hard timeout.
            return slow.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reject(view, Rejection.Reason.PROBES_EXHAUSTED, 0);
        } catch (ExecutionException | TimeoutException e) {
            return reject(view, Rejection.Reason.PROBES_EXHAUSTED, 0);
        }
    }

    @Override
    public CompletionStage<Admission> acquirePermission() {
        CircuitView v = view;
        Admission fast = admitLocally(v);
        return fast != null ? CompletableFuture.completedFuture(fast) : admitThroughStore(v);
    }

    @Override
    public CompletionStage<CircuitSnapshot> snapshot() {
        CircuitView v = view;
        long now = fleet.clock().millis();
        return fleet.store().getAll(snapshotKeys(v, now))
                .exceptionally(e -> Map.of())
                .thenApply(found -> toSnapshot(v, found, now, false));
    }

    @Override
    public CompletionStage<CircuitSnapshot> apply(OperatorAction action, String actor, String reason) {
        // Who is the record's changedBy; the reason says what and why.
        String why = action.name().toLowerCase().replace('_', '-')
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return records.operate(action.target(), actor, why).thenCompose(x -> snapshot());
    }

    @Override
    public void reconfigure(CircuitBreakerConfig newConfig) {
        log.info("Circuit '{}' reconfigured; live state {} (generation {}) kept", name, view.state(), view.generation);
        this.config = newConfig;
    }

    @Override
    public void addListener(BreakerListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- admission

    /** The answer when no store round trip is needed, else {@code null}. This is the hot path. */
    private Admission admitLocally(CircuitView v) {
        switch (v.admission) {
            case RECORD:
                return new Permits.Recording(this, v.generation);
            case PASS:
                return new Permits.Passing(this, v.generation);
            case OPEN:
                long remaining = v.openUntilMillis - fleet.clock().millis();
                return remaining > 0 ? reject(v, Rejection.Reason.CIRCUIT_OPEN, remaining) : null;
            case REJECT:
                return reject(v, v.storeMode == CircuitView.StoreMode.REJECT_ALL
                        ? Rejection.Reason.STORE_UNAVAILABLE : Rejection.Reason.FORCED_OPEN, 0);
            default:
                return null;
        }
    }

    /** HALF_OPEN, or OPEN past its deadline: leave OPEN first if needed, then ask the fleet for a probe lease. */
    private CompletionStage<Admission> admitThroughStore(CircuitView v) {
        CompletionStage<Void> ready = v.admission == CircuitView.Admission.OPEN ? records.leaveOpen(v) : Permits.DONE;
        return ready.exceptionally(e -> null).thenCompose(x -> {
            CircuitView now = view;
            if (now.admission == CircuitView.Admission.PROBE) {
                return probes.acquire(now);
            }
            Admission local = admitLocally(now);
            return CompletableFuture.completedFuture(
                    local != null ? local : reject(now, Rejection.Reason.CIRCUIT_OPEN, 0));
        });
    }

    Rejection reject(CircuitView v, Rejection.Reason reason, long retryAfterMillis) {
        counters.rejected.increment();
        long hint = retryAfterMillis > 0 ? retryAfterMillis : defaultRetryAfter(v);
        Rejection r = new Rejection(name, v.state(), reason, Duration.ofMillis(hint));
        if (!listeners.isEmpty() || !fleet.listeners().isEmpty()) {
            CallRejected e = new CallRejected(name, r);
            listeners.rejected(e);
            fleet.listeners().rejected(e);
        }
        return r;
    }

    private long defaultRetryAfter(CircuitView v) {
        return switch (v.state()) {
            case HALF_OPEN -> config.probeLease().toMillis();
            case OPEN -> 1000;
            default -> config.openStateDuration().toMillis();
        };
    }

    // ---------------------------------------------------------------- outcomes

    /** A CLOSED-state outcome. Failures and slow calls are flushed and evaluated at once; see class notes. */
    CompletionStage<Void> recordOutcome(long generation, boolean failure, Duration duration) {
        PendingWindow window = pending;
        CircuitBreakerConfig c = config;
        boolean slow = c.slowCallDurationThreshold() != null && duration.compareTo(c.slowCallDurationThreshold()) > 0;
        if (!window.accepts(generation)) {
            counters.late.increment();
            emitOutcome(failure ? Outcome.FAILURE : Outcome.SUCCESS, slow, duration, generation, true, false);
            return Permits.DONE;
        }
        window.record(failure, slow);
        emitOutcome(failure ? Outcome.FAILURE : Outcome.SUCCESS, slow, duration, generation, false, false);
        if (failure || slow || fleetWindow.successMayTrip(c)) {
            return flushes.request(true);
        }
        return Permits.DONE;
    }

    void recordReleased() {
        counters.released.increment();
        emitOutcome(Outcome.RELEASED, false, Duration.ZERO, view.generation, false, false);
    }

    void countUnrecorded(boolean failure) {
        (failure ? counters.unrecordedFailures : counters.unrecordedSuccesses).increment();
    }

    void emitOutcome(Outcome outcome, boolean slow, Duration d, long generation, boolean late, boolean probe) {
        if (listeners.isEmpty() && fleet.listeners().isEmpty()) {
            return;
        }
        OutcomeRecorded e = new OutcomeRecorded(name, outcome, slow, d, generation, late, probe);
        listeners.outcome(e);
        fleet.listeners().outcome(e);
    }

    // ---------------------------------------------------------------- synchroniser entry points

    /** One sync step for this circuit: deadlines, and the once-per-bucket flush of successes. */
    void tick(long now) {
        CircuitView v = view;
        switch (v.state()) {
            case OPEN -> {
                if (v.storeMode == CircuitView.StoreMode.NORMAL && now >= v.openUntilMillis) {
                    records.leaveOpen(v);
                }
            }
            case HALF_OPEN -> {
                if (now >= v.record.halfOpenUntilMillis()) {
                    records.reopenUndecided(v);
                }
            }
            case CLOSED, FORCED_CLOSED -> {
                PendingWindow w = pending;
                if (w.hasPendingFailuresOrSlow()) {
                    flushes.request(true);
                } else if (w.hasPending() && fleetWindow.successFlushDue(now)) {
                    flushes.request(fleetWindow.successMayTrip(config));
                }
            }
            default -> {
            }
        }
        if (!retired.isEmpty()) {
            flushes.request(false);
        }
    }

    /** Flushes what is pending without evaluating (shutdown). */
    CompletionStage<Void> flushPending() {
        return flushes.request(false);
    }

    /** Adopts {@code found} (the record read from the store), or repairs it if it is missing, unreadable or older. */
    CompletionStage<Void> reconcile(StateStore store, Versioned found) {
        return records.reconcile(store, found);
    }

    // ---------------------------------------------------------------- the view

    /**
     * Makes {@code r} this instance's view if it is newer (or {@code force}, when re-joining after an outage) and
     * reports the transition. A new generation starts an empty window; the old generation's pending counts are
     * retired to be flushed to their own keys. Returns whether the view changed.
     */
    boolean adopt(CircuitRecord r, boolean byThisInstance, boolean force) {
        CircuitView old;
        boolean carriedFailures = false;
        synchronized (this) {
            old = view;
            // The store is the source of truth: a record of the same generation with other content means this
            // instance diverged (its local decisions during an outage), so the store's record wins then too.
            if (r.equals(old.record) || (!force && r.generation() < old.generation)) {
                return false;
            }
            view = new CircuitView(r, old.storeMode);
            if (pending.generation != r.generation()) {
                PendingWindow previous = pending;
                boolean firstRead = old.generation == 0 && view.admission == CircuitView.Admission.RECORD;
                pending = new PendingWindow(r.generation(), firstRead);
                if (firstRead) {
                    WindowCounts beforeFirstRead = previous.take();
                    pending.absorb(beforeFirstRead);
                    carriedFailures = beforeFirstRead.failures() > 0 || beforeFirstRead.slow() > 0;
                }
                previous.retire(fleet.clock().millis());
                retired.add(previous);
            }
            fleetWindow.forgetLastFleetWindow();
        }
        if (carriedFailures) {
            flushes.request(true);
        }
        if (old.generation == 0) {
            log.info("Circuit '{}' is {} (generation {}, since {} by {})", name, r.state(), r.generation(),
                    java.time.Instant.ofEpochMilli(r.sinceMillis()), r.changedBy());
            return true;
        }
        report(r, byThisInstance || records.isOwnWrite(r));
        return true;
    }

    /** Reports the transition into {@code r} as the fleet made it ({@code r.from()}), not as this view last saw it. */
    void report(CircuitRecord r, boolean byThisInstance) {
        CircuitState from = r.from();
        if (byThisInstance) {
            lastOwnTransitionReported = Math.max(lastOwnTransitionReported, r.generation());
        }
        log.info("Circuit '{}' {} -> {} (generation {}) by {}: {}", name, from, r.state(), r.generation(),
                r.changedBy(), r.reason());
        StateTransition e = new StateTransition(name, from, r.state(), r.generation(), r.sinceMillis(),
                r.changedBy(), r.reason(), byThisInstance);
        listeners.transition(e);
        fleet.listeners().transition(e);
    }

    long lastOwnTransitionReported() {
        return lastOwnTransitionReported;
    }

    // ---------------------------------------------------------------- store outage

    /** The shared store went down and {@code onFailure} is {@code local}: continue on {@code local}, seeded with our view. */
    void continueOn(StateStore local) {
        outage.continueOn(local);
    }

    /** The shared store went down and {@code onFailure} is {@code allow}/{@code reject}, or came back. */
    synchronized void setStoreMode(CircuitView.StoreMode mode) {
        view = view.withStoreMode(mode);
    }

    /** Back from a store outage; see {@link OutageRejoin#rejoin}. */
    CompletionStage<Void> rejoin(StateStore shared, Versioned found) {
        return outage.rejoin(shared, found);
    }

    // ---------------------------------------------------------------- reading

    CircuitView view() {
        return view;
    }

    OutcomeCounters counters() {
        return counters;
    }

    String recordKey() {
        return recordKey;
    }

    PendingWindow pending() {
        return pending;
    }

    Queue<PendingWindow> retired() {
        return retired;
    }

    /** The keys a snapshot reads: the window, probe progress and the record. */
    List<String> snapshotKeys(CircuitView v, long now) {
        return snapshots.snapshotKeys(v, now);
    }

    CircuitSnapshot toSnapshot(CircuitView v, Map<String, Versioned> found, long now, boolean degraded) {
        return snapshots.toSnapshot(v, found, now, degraded);
    }
}
