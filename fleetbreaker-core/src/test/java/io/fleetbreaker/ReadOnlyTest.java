package io.fleetbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.store.InMemoryStateStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §2.7: snapshots, the instance list and the registry view never transition and never take a permit. */
class ReadOnlyTest {

    private final TestClock clock = new TestClock();
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder(store).instanceId("r").clock(clock)
            .build();
    private final CircuitBreaker cb = registry.circuitBreaker("c", CircuitBreakerConfig.builder().failureThreshold(2)
            .failureRateThreshold(0).openStateDuration(Duration.ofSeconds(5)).halfOpenPermittedCalls(1).build());

    @AfterEach
    void close() {
        registry.close();
    }

    private void trip() {
        registry.syncNow().toCompletableFuture().join();
        for (int i = 0; i < 2; i++) {
            ((Permit) cb.tryAcquirePermission()).onFailure(Duration.ZERO, null).toCompletableFuture().join();
        }
    }

    @Test
    void snapshot_ofOpenCircuitPastItsDeadline_doesNotMoveItToHalfOpen() {
        trip();
        long generation = cb.generation();
        clock.advance(Duration.ofSeconds(6));
        CircuitSnapshot s = cb.snapshot().toCompletableFuture().join();
        registry.snapshots().toCompletableFuture().join();
        registry.instances().toCompletableFuture().join();
        assertThat(s.state()).isEqualTo(CircuitState.OPEN);
        assertThat(s.failuresOrSuccesses()).as("the failures that tripped it").isEqualTo(2);
        assertThat(cb.generation()).isEqualTo(generation);
    }

    @Test
    void snapshot_inHalfOpen_takesNoProbeLease() {
        trip();
        clock.advance(Duration.ofSeconds(6));
        registry.syncNow().toCompletableFuture().join();
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        for (int i = 0; i < 5; i++) {
            assertThat(cb.snapshot().toCompletableFuture().join().probesInUse()).isZero();
        }
        assertThat(cb.tryAcquirePermission().isPermitted()).as("the one probe is still free").isTrue();
        assertThat(cb.snapshot().toCompletableFuture().join().probesInUse()).isEqualTo(1);
    }
}
