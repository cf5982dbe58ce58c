package io.fleetbreaker.internal;

import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives every operation of a store a hard timeout (SPEC §2.10: {@code store.requestTimeout}) and reports each outcome
 * to a {@link StoreHealth}, so an unreachable store turns into a fast {@link StoreException} and a degraded instance,
 * never a blocked caller.
 */
final class TimedStore implements StateStore {

    private final StateStore delegate;
    private final long timeoutMillis;
    private final StoreHealth health;

    TimedStore(StateStore delegate, Duration timeout, StoreHealth health) {
        this.delegate = delegate;
        this.timeoutMillis = timeout.toMillis();
        this.health = health;
    }

    @Override
    public CompletionStage<Versioned> get(String key) {
        return timed(() -> delegate.get(key), key);
    }

    @Override
    public CompletionStage<Map<String, Versioned>> getAll(List<String> keys) {
        return timed(() -> delegate.getAll(keys), keys.size() + " keys");
    }

    @Override
    public CompletionStage<Boolean> add(String key, String value, Duration ttl) {
        return timed(() -> delegate.add(key, value, ttl), key);
    }

    @Override
    public CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl) {
        return timed(() -> delegate.compareAndSet(key, cas, value, ttl), key);
    }

    @Override
    public CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate) {
        return timed(() -> delegate.increment(key, delta, ttlOnCreate), key);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, long cas) {
        return timed(() -> delegate.delete(key, cas), key);
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    private <T> CompletionStage<T> timed(java.util.function.Supplier<CompletionStage<T>> op, String what) {
        CompletableFuture<T> started;
        try {
            // copy(): the timeout must complete our future, never the client's own.
            started = op.get().toCompletableFuture().copy();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((value, error) -> {
            if (error == null) {
                health.succeeded();
                return value;
            }
            StoreException failure = asStoreException(error, what);
            health.failed(failure);
            throw new CompletionException(failure);
        });
    }

    private StoreException asStoreException(Throwable error, String what) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StoreException se) {
            return se;
        }
        if (cause instanceof TimeoutException) {
            return new StoreException(delegate.kind() + " did not answer within " + timeoutMillis + " ms (" + what + ")");
        }
        return new StoreException(delegate.kind() + " failed (" + what + "): " + cause, cause);
    }
}
