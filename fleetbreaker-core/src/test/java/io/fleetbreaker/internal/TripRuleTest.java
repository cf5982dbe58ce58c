package io.fleetbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.window.WindowCounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SPEC §2.2: each trip condition on its own, and the minimum-calls gate of the rates. */
class TripRuleTest {

    private final CircuitBreakerConfig rates = CircuitBreakerConfig.builder().failureRateThreshold(50)
            .minimumNumberOfCalls(10).slowCallDurationThreshold(Duration.ofSeconds(1)).slowCallRateThreshold(80)
            .build();

    @Test
    void failureThreshold_reachedWithFewCalls_tripsRegardlessOfMinimumCalls() {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().failureThreshold(5).failureRateThreshold(0).build();
        assertThat(TripRule.reasonToTrip(c, new WindowCounts(5, 5, 0))).contains("failureThreshold 5");
        assertThat(TripRule.reasonToTrip(c, new WindowCounts(100, 4, 0))).isNull();
    }

    @Test
    void failureRate_atThresholdWithMinimumCalls_trips() {
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(10, 5, 0))).contains("failure rate 50.0%");
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(10, 4, 0))).isNull();
    }

    @Test
    void failureRate_belowMinimumCalls_neverTrips() {
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(9, 9, 0))).isNull();
    }

    @Test
    void slowRate_atThresholdWithMinimumCalls_trips() {
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(10, 0, 8))).contains("slow rate 80.0%");
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(10, 0, 7))).isNull();
    }

    @Test
    void successesOnly_neverTrip() {
        assertThat(TripRule.reasonToTrip(rates, new WindowCounts(1_000, 0, 0))).isNull();
    }

    @Test
    void packedCounts_roundTripAndSumFieldByField() {
        WindowCounts a = new WindowCounts(200_000_000, 100_000, 7);
        WindowCounts b = new WindowCounts(60_000_000, 150_000, 9);
        assertThat(WindowCounts.unpack(a.pack() + b.pack())).isEqualTo(a.plus(b));
    }
}
