package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.InstanceInfo;
import io.fleetbreaker.StoreFailurePolicy;
import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.StoreHealthChanged;
import io.fleetbreaker.store.InMemoryStateStore;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's engine: its circuits, the synchroniser, membership, and the switch to a local store while the shared
 * one is down.
 *
 * <p>Each sync step costs one read of two keys ({@code changes}, {@code members}) however many circuits are
 * configured. Only when the change counter moved are the records re-read, in one multi-get. Deadlines are checked
 * locally, and successes are flushed once per bucket per active circuit, so store traffic follows the number of active
 * circuits, not the request rate. Thread-safe; sync steps never overlap.
 */
public final class FleetEngine implements Fleet {

    private static final Logger log = LoggerFactory.getLogger(FleetEngine.class);
    private static final String NEVER_READ = "\u0000never";

    private final StateStore shared;
    private final String instanceId;
    private final InstantSource clock;
    private final Duration syncInterval;
    private final StoreFailurePolicy onStoreFailure;
    private final Keys keys;
    private final Listeners listeners;
    private final long heartbeatMillis;
    private final long startedAt;
    private final Map<String, FleetCircuit> circuits = new ConcurrentHashMap<>();
    private final AtomicBoolean syncing = new AtomicBoolean();
    private volatile boolean degraded;
    /** Re-joining writes to the shared store while still degraded; its transitions must be announced there. */
    private volatile boolean rejoining;
    private volatile StateStore local;
    private volatile String lastChanges = NEVER_READ;
    private volatile long lastHeartbeat;
    private ScheduledExecutorService scheduler;

    public FleetEngine(StateStore store, String instanceId, InstantSource clock, Duration syncInterval,
            Duration storeRequestTimeout, Duration storeFailureGrace, StoreFailurePolicy onStoreFailure,
            String keyPrefix, List<BreakerListener> listeners) {
        StoreHealth health = new StoreHealth(3, storeFailureGrace, System::nanoTime, this::storeFailed);
        this.shared = new TimedStore(store, storeRequestTimeout, health);
        this.instanceId = instanceId;
        this.clock = clock;
        this.syncInterval = syncInterval;
        this.onStoreFailure = onStoreFailure;
        this.keys = new Keys(keyPrefix);
        this.listeners = new Listeners(listeners);
        this.heartbeatMillis = Math.max(3000, syncInterval.toMillis() * 30);
        this.startedAt = clock.millis();
    }

    // ---------------------------------------------------------------- Fleet

    @Override
    public StateStore store() {
        StateStore l = local;
        return degraded && l != null ? l : shared;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Keys keys() {
        return keys;
    }

    @Override
    public Listeners listeners() {
        return listeners;
    }

    @Override
    public void transitionWon() {
        if (!degraded || rejoining) {
            shared.increment(keys.changes(), 1, Duration.ZERO).exceptionally(e -> 0L);
        }
    }

    // ---------------------------------------------------------------- registry

    public CircuitBreaker circuit(String name, CircuitBreakerConfig config) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("circuit name must match [A-Za-z0-9._-]{1,100} but was " + name);
        }
        Objects.requireNonNull(config, "config");
        boolean[] created = {false};
        FleetCircuit circuit = circuits.computeIfAbsent(name, n -> {
            created[0] = true;
            return new FleetCircuit(n, config, this);
        });
        if (created[0] && scheduler != null) {
            StateStore store = store();
            store.get(circuit.recordKey()).thenCompose(found -> circuit.reconcile(store, found))
                    .exceptionally(e -> null);
        }
        return circuit;
    }

    /** Stops syncing {@code name}; its shared record stays for the instances that still have it. */
    public boolean remove(String name) {
        FleetCircuit removed = circuits.remove(name);
        if (removed != null) {
            removed.flushPending();
        }
        return removed != null;
    }

    public CircuitBreaker find(String name) {
        return circuits.get(name);
    }

    public Collection<CircuitBreaker> all() {
        return List.copyOf(circuits.values());
    }

    public CompletionStage<Map<String, CircuitSnapshot>> snapshots() {
        long now = clock.millis();
        Map<FleetCircuit, CircuitView> views = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>();
        for (FleetCircuit c : circuits.values()) {
            CircuitView v = c.view();
            views.put(c, v);
            wanted.addAll(c.snapshotKeys(v, now));
        }
        return store().getAll(wanted).exceptionally(e -> Map.of()).thenApply(found -> {
            Map<String, CircuitSnapshot> out = new LinkedHashMap<>();
            views.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.name().compareTo(b.name())))
                    .forEach(e -> out.put(e.getKey().name(), e.getKey().toSnapshot(e.getValue(), found, now, degraded)));
            return out;
        });
    }

    public CompletionStage<List<InstanceInfo>> instances() {
        long now = clock.millis();
        InstanceInfo self = new InstanceInfo(instanceId, startedAt, now, degraded);
        return shared.get(keys.members()).handle((found, error) -> {
            if (error != null || found == null) {
                return List.of(self);
            }
            List<InstanceInfo> live = new ArrayList<>();
            for (InstanceInfo i : Membership.decode(found.value())) {
                if (i.instanceId().equals(instanceId)) {
                    live.add(self);
                } else if (i.lastSeenEpochMillis() >= now - 3 * heartbeatMillis) {
                    live.add(i);
                }
            }
            if (live.stream().noneMatch(i -> i.instanceId().equals(instanceId))) {
                live.add(self);
            }
            return live;
        });
    }

    public boolean isDegraded() {
        return degraded;
    }

    public String storeKind() {
        return shared.kind();
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleetbreaker-sync-" + instanceId);
            t.setDaemon(true);
            return t;
        });
        long period = syncInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::syncInBackground, 0, period, TimeUnit.MILLISECONDS);
    }

    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.shutdownNow();
        }
        CompletableFuture<?>[] flushes = circuits.values().stream()
                .map(c -> c.flushPending().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(flushes).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Pending outcomes not flushed on close", e);
        }
    }

    // ---------------------------------------------------------------- sync

    private void syncInBackground() {
        try {
            syncOnce();
        } catch (RuntimeException e) {
            log.warn("Sync step failed", e);
        }
    }

    /** One sync step; a step that is still running makes this call a no-op. */
    public CompletionStage<Void> syncOnce() {
        if (!syncing.compareAndSet(false, true)) {
            return Permits.DONE;
        }
        CompletionStage<Void> step = degraded ? tryRejoin() : readChangesAndHeartbeat();
        return step.exceptionally(e -> null).thenRun(this::tickCircuits)
                .whenComplete((x, e) -> syncing.set(false));
    }

    /**
     * The one read of a sync step: the change counter, plus the membership record on heartbeat steps only (it is
     * needed just to rewrite our own entry), so an idle instance costs one small read per step.
     */
    private CompletionStage<Void> readChangesAndHeartbeat() {
        boolean heartbeatDue = clock.millis() - lastHeartbeat >= heartbeatMillis;
        List<String> wanted = heartbeatDue ? List.of(keys.changes(), keys.members()) : List.of(keys.changes());
        return shared.getAll(wanted).thenCompose(found -> {
            Versioned changes = found.get(keys.changes());
            if (changes == null) {
                // Never created, or lost with the rest of the store: recreate it and re-read every record, since a
                // lost counter says nothing about what else was lost.
                return shared.add(keys.changes(), "0", Duration.ZERO).thenCompose(x -> refreshAll())
                        .thenCompose(x -> heartbeatDue ? heartbeat(found.get(keys.members())) : Permits.DONE);
            }
            // The CAS token too: after a flush or restart the counter restarts and could repeat an old value.
            String counter = changes.value() + "#" + changes.cas();
            CompletionStage<Void> refreshed = Objects.equals(counter, lastChanges)
                    ? Permits.DONE
                    : refreshAll().thenRun(() -> lastChanges = counter);
            return refreshed.thenCompose(x -> heartbeatDue ? heartbeat(found.get(keys.members())) : Permits.DONE);
        });
    }

    /** Re-reads every record in one multi-get and reconciles each circuit with it. */
    private CompletionStage<Void> refreshAll() {
        List<FleetCircuit> all = List.copyOf(circuits.values());
        if (all.isEmpty()) {
            return Permits.DONE;
        }
        List<String> recordKeys = all.stream().map(FleetCircuit::recordKey).toList();
        return shared.getAll(recordKeys).thenCompose(found -> CompletableFuture.allOf(all.stream()
                .map(c -> c.reconcile(shared, found.get(c.recordKey())).toCompletableFuture())
                .toArray(CompletableFuture[]::new)));
    }

    private CompletionStage<Void> heartbeat(Versioned members) {
        long now = clock.millis();
        String value = Membership.with(members == null ? null : members.value(),
                new InstanceInfo(instanceId, startedAt, now, degraded), now - 10 * heartbeatMillis);
        CompletionStage<Boolean> written = members == null
                ? shared.add(keys.members(), value, Duration.ZERO)
                : shared.compareAndSet(keys.members(), members.cas(), value, Duration.ZERO)
                        .thenApply(r -> r == io.fleetbreaker.store.CasResult.STORED);
        // On a lost race the heartbeat is simply retried on the next step.
        return written.thenAccept(ok -> {
            if (ok) {
                lastHeartbeat = now;
            }
        });
    }

    private void tickCircuits() {
        long now = clock.millis();
        for (FleetCircuit c : circuits.values()) {
            c.tick(now);
        }
    }

    // ---------------------------------------------------------------- store outage

    private void storeFailed(Throwable error) {
        synchronized (this) {
            if (degraded) {
                return;
            }
            degraded = true;
            log.warn("Shared {} store unreachable ({}); following store.onFailure={} until it is back",
                    shared.kind(), error.getMessage(), onStoreFailure.name().toLowerCase());
            switch (onStoreFailure) {
                case LOCAL -> {
                    InMemoryStateStore own = new InMemoryStateStore(clock);
                    circuits.values().forEach(c -> c.continueOn(own));
                    local = own;
                }
                case ALLOW -> circuits.values().forEach(c -> c.setStoreMode(CircuitView.StoreMode.ALLOW_ALL));
                case REJECT -> circuits.values().forEach(c -> c.setStoreMode(CircuitView.StoreMode.REJECT_ALL));
            }
        }
        listeners.storeHealth(new StoreHealthChanged(true, error.getMessage()));
    }

    /** Probes the shared store; when it answers, every circuit re-joins from one multi-get of all records. */
    private CompletionStage<Void> tryRejoin() {
        return shared.get(keys.changes()).thenCompose(x -> {
            rejoining = true;
            List<FleetCircuit> all = List.copyOf(circuits.values());
            List<String> recordKeys = all.stream().map(FleetCircuit::recordKey).toList();
            return shared.getAll(recordKeys).thenCompose(found -> CompletableFuture.allOf(all.stream()
                    .map(c -> c.rejoin(shared, found.get(c.recordKey())).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)));
        }).whenComplete((x, e) -> rejoining = false).thenRun(() -> {
            synchronized (this) {
                degraded = false;
                local = null;
                lastChanges = NEVER_READ;
                circuits.values().forEach(c -> c.setStoreMode(CircuitView.StoreMode.NORMAL));
            }
            log.info("Shared {} store reachable again; rejoined the fleet", shared.kind());
            listeners.storeHealth(new StoreHealthChanged(false, "store reachable again"));
        });
    }
}
