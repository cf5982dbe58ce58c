package io.fleetbreaker.bench;

import java.time.Duration;

/**
 * How long and how often each benchmark runs. {@link #QUICK} is what {@code make bench} runs (a few minutes);
 * {@link #FULL} is for the published table; {@link #SMOKE} only proves that every benchmark runs and produces numbers.
 * The scenario sizes of the issue (30 s at 2 000 calls/s, 50 transitions, 20 episodes) are the same in quick and full.
 */
public record Mode(String name, int jmhForks, int jmhWarmups, Duration jmhWarmupTime, int jmhIterations,
        Duration jmhIterationTime, Duration trafficDuration, int trafficCircuits, int trafficCallsPerSecond,
        Duration idleDuration, int idleCircuits, int idleInstances, int transitions, int herdEpisodes) {

    public static final Mode QUICK = new Mode("quick", 1, 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(1),
            Duration.ofSeconds(30), 10, 2000, Duration.ofSeconds(10), 1000, 5, 50, 20);

    public static final Mode FULL = new Mode("full", 2, 5, Duration.ofSeconds(2), 5, Duration.ofSeconds(2),
            Duration.ofSeconds(30), 10, 2000, Duration.ofSeconds(30), 1000, 5, 100, 20);

    public static final Mode SMOKE = new Mode("smoke", 0, 0, Duration.ZERO, 0, Duration.ZERO,
            Duration.ofSeconds(1), 2, 2000, Duration.ofMillis(500), 20, 2, 3, 1);

    public static Mode named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("mode must be quick, full or smoke but was " + name);
        };
    }
}
