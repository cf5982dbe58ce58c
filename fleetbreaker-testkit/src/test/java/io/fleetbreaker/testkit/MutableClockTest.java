package io.fleetbreaker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void new_noStart_startsAtFixedInstant() {
        assertThat(new MutableClock().instant()).isEqualTo(MutableClock.DEFAULT_START);
    }

    @Test
    void advance_positive_movesInstantAndMillis() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000));

        clock.advance(Duration.ofMillis(250));

        assertThat(clock.millis()).isEqualTo(1_250);
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochMilli(1_250));
    }

    @Test
    void set_earlierInstant_movesBack() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(5_000));

        clock.set(Instant.ofEpochMilli(10));

        assertThat(clock.millis()).isEqualTo(10);
    }

    @Test
    void advance_negative_isRejected() {
        assertThatThrownBy(() -> new MutableClock().advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void advance_fromManyThreads_losesNoStep() throws Exception {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 1000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                    return null;
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(clock.millis()).isEqualTo(8_000);
    }
}
