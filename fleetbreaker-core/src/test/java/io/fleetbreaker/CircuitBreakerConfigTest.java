package io.fleetbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation lists every problem at once, in the config's own words and units. */
class CircuitBreakerConfigTest {

    @Test
    void build_severalProblems_listsEveryOneNamingKeyValueAndRule() {
        InvalidConfigException e = catchThrowableOfType(() -> CircuitBreakerConfig.builder()
                .failureThreshold(-1).windowBucket(Duration.ofMillis(300))
                .openStateDuration(Duration.ofSeconds(5)).maxOpenStateDuration(Duration.ofSeconds(1))
                .halfOpenPermittedCalls(2).halfOpenSuccessThreshold(3).build(), InvalidConfigException.class);
        assertThat(e.problems()).containsExactly(
                "failureThreshold must be at least 0 but was -1",
                "windowBucket must divide slidingWindow (10s) but was 300ms",
                "maxOpenStateDuration must be at least openStateDuration (5s) but was 1s",
                "halfOpenSuccessThreshold must be between 1 and 2 but was 3");
    }

    @Test
    void build_maxHalfOpenShorterThanOneCall_isRefused() {
        InvalidConfigException e = catchThrowableOfType(() -> CircuitBreakerConfig.builder()
                .timeout(Duration.ofSeconds(10)).maxHalfOpenDuration(Duration.ofMillis(1)).build(),
                InvalidConfigException.class);
        assertThat(e.problems()).containsExactly("maxHalfOpenDuration must be at least timeout (10s) but was 1ms");
    }

    @Test
    void build_defaults_deriveFromWhatTheyDependOn() {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().timeout(Duration.ofSeconds(2))
                .openStateDuration(Duration.ofSeconds(10)).halfOpenPermittedCalls(2).build();
        assertThat(c.maxHalfOpenDuration()).isEqualTo(Duration.ofSeconds(14));
        assertThat(c.maxOpenStateDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.halfOpenSuccessThreshold()).isEqualTo(2);
        assertThat(c.toBuilder().openStateDuration(Duration.ofSeconds(20)).build().maxOpenStateDuration())
                .isEqualTo(Duration.ofSeconds(20));
    }
}
