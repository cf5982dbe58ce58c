package io.fleetbreaker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Runs one flush of a circuit at a time and coalesces the requests that arrive meanwhile into a single next flush,
 * so a burst of failures costs a handful of store round trips, not one per failure. Every requester's stage completes
 * after a flush that started after its request, so a caller waiting on it sees its own outcome evaluated.
 *
 * <p>Thread-safe.
 */
final class FlushQueue {

    private final Function<Boolean, CompletionStage<Void>> flush;
    private boolean running;
    private CompletableFuture<Void> next;
    private boolean nextEvaluates;

    FlushQueue(Function<Boolean, CompletionStage<Void>> flush) {
        this.flush = flush;
    }

    CompletionStage<Void> request(boolean evaluate) {
        CompletableFuture<Void> mine;
        synchronized (this) {
            if (running) {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                nextEvaluates |= evaluate;
                return next;
            }
            running = true;
            mine = new CompletableFuture<>();
        }
        run(evaluate, mine);
        return mine;
    }

    private void run(boolean evaluate, CompletableFuture<Void> done) {
        CompletionStage<Void> flushed;
        try {
            flushed = flush.apply(evaluate);
        } catch (RuntimeException e) {
            flushed = CompletableFuture.failedFuture(e);
        }
        flushed.whenComplete((ok, error) -> {
            done.complete(null);
            CompletableFuture<Void> following;
            boolean followingEvaluates;
            synchronized (this) {
                following = next;
                followingEvaluates = nextEvaluates;
                next = null;
                nextEvaluates = false;
                if (following == null) {
                    running = false;
                }
            }
            if (following != null) {
                run(followingEvaluates, following);
            }
        });
    }
}
