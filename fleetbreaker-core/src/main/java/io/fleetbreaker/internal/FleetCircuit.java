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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit of one instance: the hot path over a locally cached {@link CircuitView}, and the store protocol that keeps
 * the view in step with the fleet.
 *
 * <p>Implementation notes. Admission reads {@link #view} once (volatile) and, in CLOSED, allocates a permit; outcomes
 * go to {@link OutcomeCounters}. Failures (and slow calls) are flushed at once as one packed {@code increment} of the
 * current bucket, then the fleet window and the record are read in one {@code getAll} and the trip rule is evaluated;
 * successes are flushed once per bucket by the synchroniser. Every transition is a compare-and-set of the record from
 * a freshly read CAS token, with {@code generation + 1}; the loser of a race re-reads and adopts the winner's record.
 * A view only ever moves to a higher generation, except on re-joining after a store outage.
 */
final class FleetCircuit implements CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(FleetCircuit.class);
    private static final int MAX_RETRIES = 4;

    private final String name;
    private final Fleet fleet;
    private final String recordKey;
    private final Listeners listeners = new Listeners(List.of());
    private final OutcomeCounters counters = new OutcomeCounters();
    private final ProbeLeases probes;
    private final FlushQueue flushes = new FlushQueue(this::flushOnce);
    private volatile CircuitBreakerConfig config;
    private volatile CircuitView view = new CircuitView(CircuitRecord.unknown(), CircuitView.StoreMode.NORMAL);
    private volatile PendingWindow pending = new PendingWindow(0);
    private final java.util.Queue<PendingWindow> retired = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile WindowCounts lastFleetWindow = WindowCounts.EMPTY;
    private volatile long lastFlushBucket;
    private long baseGenerationBeforeOutage;
    private CompletableFuture<Void> openExit;
    /** The record this instance is writing, so it knows the record as its own if it reads it back before the reply. */
    private volatile CircuitRecord writing;
    private volatile long lastOwnTransitionReported;
    private long openExitGeneration = -1;

    FleetCircuit(String name, CircuitBreakerConfig config, Fleet fleet) {
        this.name = name;
        this.config = config;
        this.fleet = fleet;
        this.recordKey = fleet.keys().record(name);
        this.probes = new ProbeLeases(this, fleet, counters);
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
        String why = action.name().toLowerCase().replace('_', '-') + " by " + actor
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return operate(action.target(), actor, why, MAX_RETRIES).thenCompose(x -> snapshot());
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
        CompletionStage<Void> ready = v.admission == CircuitView.Admission.OPEN ? leaveOpen(v) : Permits.DONE;
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
        if (generation != window.generation) {
            counters.late.increment();
            emitOutcome(failure ? Outcome.FAILURE : Outcome.SUCCESS, slow, duration, generation, true, false);
            return Permits.DONE;
        }
        window.record(failure, slow);
        emitOutcome(failure ? Outcome.FAILURE : Outcome.SUCCESS, slow, duration, generation, false, false);
        if (failure || slow || successMayTrip(c)) {
            return flushes.request(true);
        }
        return Permits.DONE;
    }

    /** A success can only trip by lifting the window to {@code minimumNumberOfCalls} while failures are in it. */
    private boolean successMayTrip(CircuitBreakerConfig c) {
        WindowCounts w = lastFleetWindow;
        return (w.failures() > 0 || w.slow() > 0) && w.calls() < c.minimumNumberOfCalls();
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
                    leaveOpen(v);
                }
            }
            case HALF_OPEN -> {
                if (now >= v.record.halfOpenUntilMillis()) {
                    reopenUndecided(v);
                }
            }
            case CLOSED, FORCED_CLOSED -> {
                PendingWindow w = pending;
                if (w.hasPendingFailuresOrSlow()) {
                    flushes.request(true);
                } else if (w.hasPending() && now / bucketMillis() - lastFlushBucket >= successFlushBuckets()) {
                    flushes.request(successMayTrip(config));
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
        return found == null ? recreate(store, MAX_RETRIES) : adoptFromStore(store, found, MAX_RETRIES);
    }

    // ---------------------------------------------------------------- flush and evaluate

    private CompletionStage<Void> flushOnce(boolean evaluate) {
        CircuitBreakerConfig c = config;
        long now = fleet.clock().millis();
        long bucket = now / c.windowBucket().toMillis();
        StateStore store = fleet.store();
        CompletionStage<Void> old = flushRetired(store, c, now, bucket);
        CircuitView v = view;
        PendingWindow w = pending;
        if (v.admission != CircuitView.Admission.RECORD || w.generation != v.generation) {
            return old;
        }
        lastFlushBucket = bucket;
        WindowCounts delta = w.take();
        if (delta.isEmpty() && !evaluate) {
            return old;
        }
        CompletionStage<Boolean> added = delta.isEmpty()
                ? CompletableFuture.completedFuture(true)
                : addToBucket(store, w, delta, bucket, c);
        return old.thenCompose(x -> added).thenCompose(ok -> ok && (evaluate || delta.failures() > 0 || delta.slow() > 0)
                ? evaluate(store, v, bucket, now)
                : Permits.DONE);
    }

    /** Counts that raced with a transition go to their own generation's keys; nobody decides on them any more. */
    private CompletionStage<Void> flushRetired(StateStore store, CircuitBreakerConfig c, long now, long bucket) {
        CompletionStage<Void> all = Permits.DONE;
        for (PendingWindow w : retired) {
            WindowCounts delta = w.take();
            if (!delta.isEmpty()) {
                all = all.thenCombine(addToBucket(store, w, delta, bucket, c), (x, y) -> null);
            } else if (now - w.retiredAtMillis() > 1000 && retired.remove(w)) {
                counters.retire(w);
            }
        }
        return all;
    }

    /** One packed {@code increment}; on failure the delta is pending again and flushed later (or degraded, locally). */
    private CompletionStage<Boolean> addToBucket(StateStore store, PendingWindow w, WindowCounts delta, long bucket,
            CircuitBreakerConfig c) {
        return store.increment(fleet.keys().windowBucket(name, w.generation, bucket), delta.pack(), windowTtl(c))
                .handle((count, error) -> {
                    if (error != null) {
                        w.giveBack(delta);
                    }
                    return error == null;
                });
    }

    private CompletionStage<Void> evaluate(StateStore store, CircuitView v, long bucket, long now) {
        List<String> keys = windowKeys(v.generation, bucket);
        keys.add(recordKey);
        return store.getAll(keys).thenCompose(found -> {
            Versioned stored = found.get(recordKey);
            CircuitRecord fleetRecord = stored == null ? null : CircuitRecord.decode(stored.value());
            if (fleetRecord == null || fleetRecord.generation() != v.generation) {
                return reconcile(store, stored);
            }
            WindowCounts window = sumWindow(found, v.generation, bucket);
            lastFleetWindow = window;
            if (fleetRecord.state() != CircuitState.CLOSED) {
                return Permits.DONE;
            }
            String why = TripRule.reasonToTrip(config, window);
            return why == null ? Permits.DONE
                    : write(store, stored, fleetRecord.tripped(config, now, fleet.instanceId(), why), MAX_RETRIES);
        }).exceptionally(e -> null);
    }

    // ---------------------------------------------------------------- transitions

    /** OPEN → HALF_OPEN once the shared deadline passed; concurrent callers share one attempt per generation. */
    private synchronized CompletionStage<Void> leaveOpen(CircuitView v) {
        if (openExitGeneration == v.generation && openExit != null) {
            return openExit;
        }
        openExitGeneration = v.generation;
        openExit = transitionIf(v, r -> r.state() == CircuitState.OPEN
                        && fleet.clock().millis() >= r.openUntilMillis(),
                r -> r.halfOpened(config, fleet.clock().millis(), fleet.instanceId())).toCompletableFuture();
        return openExit;
    }

    /** HALF_OPEN → OPEN when no decision came within {@code maxHalfOpenDuration} (SPEC §2.4). */
    CompletionStage<Void> reopenUndecided(CircuitView v) {
        return transitionIf(v, r -> r.state() == CircuitState.HALF_OPEN
                        && fleet.clock().millis() >= r.halfOpenUntilMillis(),
                r -> r.reopened(config, fleet.clock().millis(), fleet.instanceId(),
                        "no probe decision within maxHalfOpenDuration " + config.maxHalfOpenDuration()));
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
        CircuitState before = view.state();
        if (!adopt(next, true, false) && lastOwnTransitionReported < next.generation()) {
            // Our view already moved past it (a faster refresh): still report that this instance made it.
            report(before, next, true);
        }
        return Permits.DONE;
    }

    private CompletionStage<Void> refresh(StateStore store, int retries) {
        return store.get(recordKey).thenCompose(found -> found == null
                ? recreate(store, retries) : adoptFromStore(store, found, retries));
    }

    private CompletionStage<Void> adoptFromStore(StateStore store, Versioned found, int retries) {
        CircuitRecord r = CircuitRecord.decode(found.value());
        CircuitView v = view;
        if (r != null && r.generation() >= v.generation) {
            adopt(r, false, false);
            return Permits.DONE;
        }
        // Unreadable, or older than what this instance already saw: the store lost data (SPEC §2.11).
        CircuitRecord replacement = v.record.recreatedAfterLoss(fleet.clock().millis(), fleet.instanceId());
        return retries > 0 ? write(store, found, replacement, retries - 1) : Permits.DONE;
    }

    /** The record is missing: create it with {@code add}, so exactly one instance's version wins. */
    private CompletionStage<Void> recreate(StateStore store, int retries) {
        CircuitView v = view;
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

    private CompletionStage<Void> operate(CircuitState target, String actor, String why, int retries) {
        StateStore store = fleet.store();
        long now = fleet.clock().millis();
        return store.get(recordKey).thenCompose(found -> {
            CircuitRecord stored = found == null ? null : CircuitRecord.decode(found.value());
            CircuitRecord base = stored != null && stored.generation() >= view.generation ? stored : view.record;
            CircuitRecord next = base.operated(target, now, actor, why);
            writing = next;
            CompletionStage<Boolean> written = found == null
                    ? store.add(recordKey, next.encode(), Duration.ZERO)
                    : store.compareAndSet(recordKey, found.cas(), next.encode(), Duration.ZERO)
                            .thenApply(r -> r == io.fleetbreaker.store.CasResult.STORED);
            return written.thenCompose(ok -> {
                if (ok) {
                    return won(next);
                }
                if (retries == 0) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("circuit '" + name + "' kept changing; try again"));
                }
                return operate(target, actor, why, retries - 1);
            });
        });
    }

    /**
     * Makes {@code r} this instance's view if it is newer (or {@code force}, when re-joining after an outage) and
     * reports the transition. A new generation starts an empty window; the old generation's pending counts are
     * retired to be flushed to their own keys. Returns whether the view changed.
     */
    boolean adopt(CircuitRecord r, boolean byThisInstance, boolean force) {
        CircuitView old;
        synchronized (this) {
            old = view;
            if (force ? r.equals(old.record) : r.generation() <= old.generation) {
                return false;
            }
            view = new CircuitView(r, old.storeMode);
            if (pending.generation != r.generation()) {
                PendingWindow previous = pending;
                pending = new PendingWindow(r.generation());
                previous.retire(fleet.clock().millis());
                retired.add(previous);
            }
            lastFleetWindow = WindowCounts.EMPTY;
        }
        if (old.generation == 0) {
            log.info("Circuit '{}' is {} (generation {}, since {} by {})", name, r.state(), r.generation(),
                    java.time.Instant.ofEpochMilli(r.sinceMillis()), r.changedBy());
            return true;
        }
        report(old.state(), r, byThisInstance || r.equals(writing));
        return true;
    }

    private void report(CircuitState from, CircuitRecord r, boolean byThisInstance) {
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

    // ---------------------------------------------------------------- store outage

    /** The shared store went down and {@code onFailure} is {@code local}: continue on {@code local}, seeded with our view. */
    void continueOn(StateStore local) {
        CircuitView v = view;
        synchronized (this) {
            baseGenerationBeforeOutage = v.generation;
        }
        local.add(recordKey, v.record.encode(), Duration.ZERO);
    }

    /** The shared store went down and {@code onFailure} is {@code allow}/{@code reject}, or came back. */
    synchronized void setStoreMode(CircuitView.StoreMode mode) {
        view = view.withStoreMode(mode);
    }

    /**
     * Back from a store outage: the fleet's record wins, except that an OPEN this instance tripped on its own is
     * published if the fleet is still CLOSED in the generation it had when the outage began (SPEC §2.10).
     */
    CompletionStage<Void> rejoin(StateStore shared, Versioned found) {
        CircuitView local = view;
        long base;
        synchronized (this) {
            base = baseGenerationBeforeOutage;
        }
        CircuitRecord fleetRecord = found == null ? null : CircuitRecord.decode(found.value());
        boolean trippedAlone = local.state() == CircuitState.OPEN && local.generation > base;
        if (fleetRecord != null && trippedAlone && fleetRecord.state() == CircuitState.CLOSED
                && fleetRecord.generation() == base) {
            CircuitRecord published = new CircuitRecord(CircuitState.OPEN, base + 1, local.openUntilMillis, 0,
                    local.record.consecutiveOpens(), fleet.clock().millis(), fleet.instanceId(),
                    "published an OPEN tripped locally during a store outage");
            writing = published;
            return shared.compareAndSet(recordKey, found.cas(), published.encode(), Duration.ZERO)
                    .thenCompose(r -> r == io.fleetbreaker.store.CasResult.STORED
                            ? adoptForced(published) : forceFromStore(shared));
        }
        if (fleetRecord == null) {
            return recreate(shared, MAX_RETRIES);
        }
        adopt(fleetRecord, false, true);
        return Permits.DONE;
    }

    private CompletionStage<Void> adoptForced(CircuitRecord r) {
        fleet.transitionWon();
        adopt(r, true, true);
        return Permits.DONE;
    }

    private CompletionStage<Void> forceFromStore(StateStore shared) {
        return shared.get(recordKey).thenAccept(found -> {
            CircuitRecord r = found == null ? null : CircuitRecord.decode(found.value());
            if (r != null) {
                adopt(r, false, true);
            }
        });
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

    /** The keys a snapshot reads: the window, probe progress and the record. */
    List<String> snapshotKeys(CircuitView v, long now) {
        List<String> keys = windowKeys(windowGenerationShown(v), now / config.windowBucket().toMillis());
        keys.addAll(probes.keys(v.generation));
        keys.add(recordKey);
        return keys;
    }

    CircuitSnapshot toSnapshot(CircuitView v, Map<String, Versioned> found, long now, boolean degraded) {
        CircuitRecord r = v.record;
        WindowCounts window = sumWindow(found, windowGenerationShown(v), now / config.windowBucket().toMillis());
        ProbeLeases.Progress progress = probes.progress(v.generation, found, now);
        boolean storeDown = degraded || v.storeMode != CircuitView.StoreMode.NORMAL;
        return new CircuitSnapshot(name, r.state(), r.generation(), window,
                r.state() == CircuitState.OPEN ? r.openUntilMillis() : 0,
                r.state() == CircuitState.HALF_OPEN ? r.halfOpenUntilMillis() : 0, r.consecutiveOpens(),
                progress.successes(), progress.inUse(), r.sinceMillis(), r.changedBy(), r.reason(), storeDown,
                counters.snapshot(pending), config);
    }

    /**
     * OPEN has no window of its own (nothing is admitted); it shows the window that tripped it, so an operator sees
     * the failures that opened the circuit (SPEC §4's {@code failures_or_successes}).
     */
    private static long windowGenerationShown(CircuitView v) {
        return v.state() == CircuitState.OPEN ? v.generation - 1 : v.generation;
    }

    private List<String> windowKeys(long generation, long bucket) {
        long buckets = config.slidingWindow().toMillis() / config.windowBucket().toMillis();
        List<String> keys = new ArrayList<>((int) buckets + 8);
        for (long b = bucket - buckets + 1; b <= bucket; b++) {
            keys.add(fleet.keys().windowBucket(name, generation, b));
        }
        return keys;
    }

    private WindowCounts sumWindow(Map<String, Versioned> found, long generation, long bucket) {
        WindowCounts sum = WindowCounts.EMPTY;
        for (String key : windowKeys(generation, bucket)) {
            Versioned v = found.get(key);
            if (v != null) {
                try {
                    sum = sum.plus(WindowCounts.unpack(Long.parseUnsignedLong(v.value().trim())));
                } catch (NumberFormatException e) {
                    log.debug("Ignoring unreadable window counter {}", key);
                }
            }
        }
        return sum;
    }

    /**
     * Successes alone cannot trip a failure-free window, so while the fleet window holds no failures they are flushed
     * every third bucket (the first failure flushes them at once); with failures in the window, every bucket, so that
     * rates stay exact. This is what keeps a healthy circuit at about one store operation per second or less.
     */
    private long successFlushBuckets() {
        WindowCounts w = lastFleetWindow;
        return w.failures() > 0 || w.slow() > 0 ? 1 : 3;
    }

    private long bucketMillis() {
        return config.windowBucket().toMillis();
    }

    /** A bucket must outlive the window it belongs to; memcached expiry is whole seconds. */
    private static Duration windowTtl(CircuitBreakerConfig c) {
        return c.slidingWindow().plus(c.windowBucket()).plusSeconds(1);
    }
}
