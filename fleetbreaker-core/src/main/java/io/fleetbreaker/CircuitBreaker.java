package io.fleetbreaker;

import io.fleetbreaker.event.BreakerListener;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A circuit breaker whose state is shared by every instance of a fleet. Obtain one from a
 * {@link CircuitBreakerRegistry}.
 *
 * <p>Admission costs a volatile read in CLOSED and OPEN: the shared state is cached locally and kept fresh by the
 * registry's synchroniser, and outcomes go to local counters that are flushed to the store in batches. Only
 * HALF_OPEN talks to the store on admission, to take one of the fleet's probe leases.
 *
 * <p>Thread-safe.
 */
public interface CircuitBreaker {

    String name();

    CircuitBreakerConfig config();

    /** The fleet state as this instance currently knows it. */
    CircuitState state();

    /** The generation of {@link #state()}. */
    long generation();

    /**
     * Asks to make one call. Never blocks in CLOSED or OPEN; in HALF_OPEN it waits for the store to grant a probe
     * lease, bounded by the store's request timeout. Prefer {@link #acquirePermission()} on an event loop.
     */
    Admission tryAcquirePermission();

    /** Like {@link #tryAcquirePermission()} but never blocks: in HALF_OPEN the stage completes when the store answers. */
    CompletionStage<Admission> acquirePermission();

    /** The fleet view of this circuit, read from the store. Never changes anything. */
    CompletionStage<CircuitSnapshot> snapshot();

    /** Puts the circuit into an operator state (or resets it) fleet-wide; records who, when and why. */
    CompletionStage<CircuitSnapshot> apply(OperatorAction action, String actor, String reason);

    /** Swaps the thresholds; live state is kept and the new values apply from the next evaluation (SPEC §2.12). */
    void reconfigure(CircuitBreakerConfig config);

    void addListener(BreakerListener listener);

    /** Runs {@code supplier} through the breaker; throws {@link CallNotPermittedException} when rejected. */
    default <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        return () -> {
            try {
                return decorateCallable(supplier::get).call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * Runs {@code callable} through the breaker; throws {@link CallNotPermittedException} when rejected. After a
     * failure it waits for the fleet to count it (a store round trip, bounded by the store timeout) before rethrowing,
     * so this thread's next call already sees a trip it caused.
     */
    default <T> Callable<T> decorateCallable(Callable<T> callable) {
        return () -> {
            Admission admission = tryAcquirePermission();
            if (!(admission instanceof Permit permit)) {
                throw ((Rejection) admission).toException();
            }
            long start = System.nanoTime();
            try {
                T result = callable.call();
                permit.onSuccess(Duration.ofNanos(System.nanoTime() - start));
                return result;
            } catch (Exception | Error e) {
                permit.onFailure(Duration.ofNanos(System.nanoTime() - start), e).toCompletableFuture().join();
                throw e;
            }
        };
    }

    /**
     * Runs the asynchronous call through the breaker. The returned stage fails with {@link CallNotPermittedException}
     * when rejected; a cancelled result releases the permit and records nothing; a failed one completes after the
     * fleet counted the failure.
     */
    default <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> call) {
        return () -> acquirePermission().thenCompose(admission -> {
            if (!(admission instanceof Permit permit)) {
                return CompletableFuture.<T>failedFuture(((Rejection) admission).toException());
            }
            long start = System.nanoTime();
            CompletionStage<T> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                permit.onFailure(Duration.ofNanos(System.nanoTime() - start), e);
                return CompletableFuture.<T>failedFuture(e);
            }
            return stage.handle((value, error) -> {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                CompletionStage<Void> recorded;
                if (error == null) {
                    recorded = permit.onSuccess(took);
                } else if (unwrap(error) instanceof java.util.concurrent.CancellationException) {
                    recorded = permit.release();
                } else {
                    recorded = permit.onFailure(took, error);
                }
                return recorded.thenCompose(x -> stage);
            }).thenCompose(s -> s);
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
