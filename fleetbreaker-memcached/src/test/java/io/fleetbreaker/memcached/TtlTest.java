package io.fleetbreaker.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlTest {

    @Test
    void seconds_zero_meansNeverExpires() {
        assertThat(Ttl.seconds(Duration.ZERO)).isZero();
    }

    @Test
    void seconds_fraction_roundsUp() {
        assertThat(Ttl.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Ttl.seconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(Ttl.seconds(Duration.ofNanos(10_000_000_001L))).isEqualTo(11);
    }

    @Test
    void seconds_whole_staysExact() {
        assertThat(Ttl.seconds(Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(Ttl.seconds(Duration.ofDays(30))).isEqualTo(2_592_000);
    }

    @Test
    void seconds_negativeOrHuge_isRejected() {
        assertThatThrownBy(() -> Ttl.seconds(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> Ttl.seconds(Duration.ofSeconds(Integer.MAX_VALUE + 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }
}
