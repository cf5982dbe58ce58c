package io.fleetbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.OutcomeRecorded;
import io.fleetbreaker.store.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decorators for Supplier, Callable and CompletionStage: outcomes recorded, rejections thrown, cancels released. */
class DecoratorsTest {

    private final TestClock clock = new TestClock();
    private final List<OutcomeRecorded> outcomes = new CopyOnWriteArrayList<>();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder(new InMemoryStateStore(clock))
            .instanceId("d").clock(clock).listener(new BreakerListener() {
                @Override
                public void onOutcome(OutcomeRecorded e) {
                    outcomes.add(e);
                }
            }).build();
    private final CircuitBreaker cb = registry.circuitBreaker("c", CircuitBreakerConfig.builder().failureThreshold(2)
            .failureRateThreshold(0).build());

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void supplier_successAndFailure_areRecorded_thenOpenThrowsCallNotPermitted() {
        registry.syncNow().toCompletableFuture().join();
        assertThat(cb.decorateSupplier(() -> "ok").get()).isEqualTo("ok");
        Supplier<String> failing = cb.decorateSupplier(() -> {
            throw new IllegalStateException("down");
        });
        assertThatThrownBy(failing::get).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(failing::get).isInstanceOf(IllegalStateException.class);
        assertThat(outcomes).extracting(OutcomeRecorded::outcome)
                .containsExactly(Outcome.SUCCESS, Outcome.FAILURE, Outcome.FAILURE);
        assertThatThrownBy(failing::get).isInstanceOf(CallNotPermittedException.class)
                .hasMessageContaining("'c' is OPEN");
    }

    @Test
    void callable_checkedException_isAFailureAndRethrown() throws Exception {
        registry.syncNow().toCompletableFuture().join();
        assertThat(cb.decorateCallable(() -> 42).call()).isEqualTo(42);
        assertThatThrownBy(() -> cb.decorateCallable(() -> {
            throw new java.io.IOException("reset");
        }).call()).isInstanceOf(java.io.IOException.class);
        assertThat(outcomes).extracting(OutcomeRecorded::outcome).containsExactly(Outcome.SUCCESS, Outcome.FAILURE);
    }

    @Test
    void completionStage_cancelledResult_releasesAndRecordsNothing() {
        registry.syncNow().toCompletableFuture().join();
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = cb.decorateCompletionStage(() -> call).get().toCompletableFuture();
        call.cancel(true);
        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class);
        assertThat(outcomes).extracting(OutcomeRecorded::outcome).containsExactly(Outcome.RELEASED);
        assertThat(cb.snapshot().toCompletableFuture().join().local().released()).isEqualTo(1);
    }

    @Test
    void completionStage_failedStages_tripAndTheNextIsRejectedWithoutCalling() {
        registry.syncNow().toCompletableFuture().join();
        int[] calls = {0};
        Supplier<java.util.concurrent.CompletionStage<String>> decorated = cb.decorateCompletionStage(() -> {
            calls[0]++;
            return CompletableFuture.failedFuture(new IllegalStateException("500"));
        });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decorated.get().toCompletableFuture().join())
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> decorated.get().toCompletableFuture().join())
                .hasCauseInstanceOf(CallNotPermittedException.class);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }
}
