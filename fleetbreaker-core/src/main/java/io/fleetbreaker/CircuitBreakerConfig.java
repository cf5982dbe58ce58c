package io.fleetbreaker;

import java.time.Duration;

/**
 * The thresholds and durations of one circuit. Immutable; build with {@link #builder()} or {@link #ofDefaults()}.
 * Names match the YAML keys of the gateway config, and so do validation messages.
 *
 * <p>An absent threshold is 0 ({@code failureThreshold}, {@code failureRateThreshold}, {@code slowCallRateThreshold})
 * or {@code null} ({@code slowCallDurationThreshold}). The circuit trips when any configured condition holds.
 *
 * @param timeout                     the deadline of one call; also the length of a half-open probe lease
 * @param failureThreshold            trip when the fleet window holds at least this many failures (0 = off)
 * @param failureRateThreshold        trip when the failure rate reaches this percent, 1..100 (0 = off)
 * @param minimumNumberOfCalls        calls the window must hold before any rate is evaluated
 * @param slowCallDurationThreshold   calls slower than this are also slow ({@code null} = off)
 * @param slowCallRateThreshold       trip when the slow rate reaches this percent, 1..100 (0 = off)
 * @param slidingWindow               length of the fleet window
 * @param windowBucket                length of one bucket of the window; divides {@code slidingWindow}
 * @param openStateDuration           how long OPEN lasts before HALF_OPEN is tried
 * @param openStateBackoffMultiplier  each consecutive re-open multiplies the open duration by this (&ge; 1)
 * @param maxOpenStateDuration        cap of the backed-off open duration
 * @param halfOpenPermittedCalls      probe calls admitted across the whole fleet per HALF_OPEN episode
 * @param halfOpenSuccessThreshold    probe successes that close the circuit (&le; halfOpenPermittedCalls)
 * @param maxHalfOpenDuration         HALF_OPEN re-opens after this long without a decision
 */
public record CircuitBreakerConfig(
        Duration timeout,
        int failureThreshold,
        int failureRateThreshold,
        int minimumNumberOfCalls,
        Duration slowCallDurationThreshold,
        int slowCallRateThreshold,
        Duration slidingWindow,
        Duration windowBucket,
        Duration openStateDuration,
        double openStateBackoffMultiplier,
        Duration maxOpenStateDuration,
        int halfOpenPermittedCalls,
        int halfOpenSuccessThreshold,
        Duration maxHalfOpenDuration) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;
    public static final Duration DEFAULT_SLIDING_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WINDOW_BUCKET = Duration.ofSeconds(1);
    public static final Duration DEFAULT_OPEN_STATE_DURATION = Duration.ofSeconds(10);
    public static final int DEFAULT_HALF_OPEN_PERMITTED_CALLS = 3;

    /** @throws InvalidConfigException listing every problem, each naming the key, the value and what is allowed */
    public CircuitBreakerConfig {
        Validation v = new Validation();
        v.positive("timeout", timeout);
        v.range("failureThreshold", failureThreshold, 0, Integer.MAX_VALUE);
        v.range("failureRateThreshold", failureRateThreshold, 0, 100);
        v.range("minimumNumberOfCalls", minimumNumberOfCalls, 1, Integer.MAX_VALUE);
        if (slowCallDurationThreshold != null) {
            v.positive("slowCallDurationThreshold", slowCallDurationThreshold);
        }
        v.range("slowCallRateThreshold", slowCallRateThreshold, 0, 100);
        boolean windowOk = v.positive("slidingWindow", slidingWindow) & v.positive("windowBucket", windowBucket);
        if (windowOk && slidingWindow.toMillis() % windowBucket.toMillis() != 0) {
            v.problem("windowBucket must divide slidingWindow (" + Validation.text(slidingWindow) + ") but was "
                    + Validation.text(windowBucket));
        } else if (windowOk && slidingWindow.toMillis() / windowBucket.toMillis() > 3600) {
            v.problem("slidingWindow must hold at most 3600 buckets of windowBucket but holds "
                    + slidingWindow.toMillis() / windowBucket.toMillis());
        }
        boolean openOk = v.positive("openStateDuration", openStateDuration);
        if (!(openStateBackoffMultiplier >= 1.0 && openStateBackoffMultiplier <= 100.0)) {
            v.problem("openStateBackoffMultiplier must be between 1 and 100 but was " + openStateBackoffMultiplier);
        }
        if (maxOpenStateDuration == null) {
            maxOpenStateDuration = openStateDuration;
        } else if (openOk && v.positive("maxOpenStateDuration", maxOpenStateDuration)
                && maxOpenStateDuration.compareTo(openStateDuration) < 0) {
            v.problem("maxOpenStateDuration must be at least openStateDuration (" + Validation.text(openStateDuration)
                    + ") but was " + Validation.text(maxOpenStateDuration));
        }
        boolean probesOk = v.range("halfOpenPermittedCalls", halfOpenPermittedCalls, 1, 1000);
        if (halfOpenSuccessThreshold == 0) {
            halfOpenSuccessThreshold = halfOpenPermittedCalls;
        } else if (probesOk) {
            v.range("halfOpenSuccessThreshold", halfOpenSuccessThreshold, 1, halfOpenPermittedCalls);
        }
        boolean timeoutOk = timeout != null && !timeout.isNegative() && !timeout.isZero();
        if (maxHalfOpenDuration == null && timeoutOk && openOk) {
            maxHalfOpenDuration = timeout.multipliedBy(2).plus(openStateDuration);
        } else if (maxHalfOpenDuration != null && v.positive("maxHalfOpenDuration", maxHalfOpenDuration) && timeoutOk
                && maxHalfOpenDuration.compareTo(timeout) < 0) {
            // Shorter than one call: every probe would be cut off by the re-open.
            v.problem("maxHalfOpenDuration must be at least timeout (" + Validation.text(timeout) + ") but was "
                    + Validation.text(maxHalfOpenDuration));
        }
        if (failureThreshold == 0 && failureRateThreshold == 0 && slowCallRateThreshold == 0) {
            v.problem("failureThreshold, failureRateThreshold or slowCallRateThreshold must be set (a circuit with no"
                    + " trip condition never opens) but all were 0");
        }
        if (slowCallRateThreshold > 0 && slowCallDurationThreshold == null) {
            v.problem("slowCallDurationThreshold must be set when slowCallRateThreshold is set but was unset");
        }
        v.throwIfAny();
    }

    public static CircuitBreakerConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The open duration after {@code consecutiveOpens} opens in a row (1 for the first), with backoff and cap. */
    public Duration openDurationAfter(int consecutiveOpens) {
        double factor = Math.pow(openStateBackoffMultiplier, Math.max(0, consecutiveOpens - 1));
        double millis = openStateDuration.toMillis() * factor;
        return millis >= maxOpenStateDuration.toMillis()
                ? maxOpenStateDuration
                : Duration.ofMillis((long) millis);
    }

    /** The length of one half-open probe lease: the call timeout plus a margin for the outcome to reach the store. */
    public Duration probeLease() {
        return timeout.plus(Duration.ofMillis(Math.min(1000, Math.max(100, timeout.toMillis() / 10))));
    }

    /** Builder with the defaults of SPEC §5; setters take typed units. Not thread-safe. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private int failureThreshold;
        private int failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private Duration slowCallDurationThreshold;
        private int slowCallRateThreshold;
        private Duration slidingWindow = DEFAULT_SLIDING_WINDOW;
        private Duration windowBucket = DEFAULT_WINDOW_BUCKET;
        private Duration openStateDuration = DEFAULT_OPEN_STATE_DURATION;
        private double openStateBackoffMultiplier = 1.0;
        private Duration maxOpenStateDuration;
        private int halfOpenPermittedCalls = DEFAULT_HALF_OPEN_PERMITTED_CALLS;
        private int halfOpenSuccessThreshold;
        private Duration maxHalfOpenDuration;

        private Builder() {
        }

        private Builder(CircuitBreakerConfig c) {
            timeout = c.timeout;
            failureThreshold = c.failureThreshold;
            failureRateThreshold = c.failureRateThreshold;
            minimumNumberOfCalls = c.minimumNumberOfCalls;
            slowCallDurationThreshold = c.slowCallDurationThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slidingWindow = c.slidingWindow;
            windowBucket = c.windowBucket;
            openStateDuration = c.openStateDuration;
            openStateBackoffMultiplier = c.openStateBackoffMultiplier;
            halfOpenPermittedCalls = c.halfOpenPermittedCalls;
            // Values that equal their derived default stay derived, so changing what they derive from moves them too.
            maxOpenStateDuration = c.maxOpenStateDuration.equals(c.openStateDuration) ? null : c.maxOpenStateDuration;
            halfOpenSuccessThreshold = c.halfOpenSuccessThreshold == c.halfOpenPermittedCalls
                    ? 0 : c.halfOpenSuccessThreshold;
            maxHalfOpenDuration = c.maxHalfOpenDuration.equals(c.timeout.multipliedBy(2).plus(c.openStateDuration))
                    ? null : c.maxHalfOpenDuration;
        }

        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder failureThreshold(int v) { failureThreshold = v; return this; }
        public Builder failureRateThreshold(int v) { failureRateThreshold = v; return this; }
        public Builder minimumNumberOfCalls(int v) { minimumNumberOfCalls = v; return this; }
        public Builder slowCallDurationThreshold(Duration v) { slowCallDurationThreshold = v; return this; }
        public Builder slowCallRateThreshold(int v) { slowCallRateThreshold = v; return this; }
        public Builder slidingWindow(Duration v) { slidingWindow = v; return this; }
        public Builder windowBucket(Duration v) { windowBucket = v; return this; }
        public Builder openStateDuration(Duration v) { openStateDuration = v; return this; }
        public Builder openStateBackoffMultiplier(double v) { openStateBackoffMultiplier = v; return this; }
        public Builder maxOpenStateDuration(Duration v) { maxOpenStateDuration = v; return this; }
        public Builder halfOpenPermittedCalls(int v) { halfOpenPermittedCalls = v; return this; }
        public Builder halfOpenSuccessThreshold(int v) { halfOpenSuccessThreshold = v; return this; }
        public Builder maxHalfOpenDuration(Duration v) { maxHalfOpenDuration = v; return this; }

        /** @throws InvalidConfigException listing every invalid key, its value and what is allowed */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(timeout, failureThreshold, failureRateThreshold, minimumNumberOfCalls,
                    slowCallDurationThreshold, slowCallRateThreshold, slidingWindow, windowBucket, openStateDuration,
                    openStateBackoffMultiplier, maxOpenStateDuration, halfOpenPermittedCalls, halfOpenSuccessThreshold,
                    maxHalfOpenDuration);
        }
    }
}
