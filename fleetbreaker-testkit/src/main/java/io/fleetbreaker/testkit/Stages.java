package io.fleetbreaker.testkit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a store's stage in a test: its value, its own failure rethrown as is, or a bounded wait. */
public final class Stages {

    private Stages() {
    }

    /**
     * The stage's value. A failure is rethrown as its cause when that is unchecked (so a test can assert on a
     * {@code StoreException}); a stage that does not complete within {@code timeout} fails with
     * {@link IllegalStateException}.
     */
    public static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("store call did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
