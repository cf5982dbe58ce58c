package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;

/** The circuit settings the scenario's checks are measured against: the gateway's config, else the command line's. */
record CircuitLimits(int failureThreshold, int halfOpenPermittedCalls, Duration openStateDuration) {

    /** These limits overridden by whatever the {@code config} object of the circuit API reports. */
    CircuitLimits withConfig(JsonObject config) {
        Duration open = openStateDuration;
        if (config.getValue("openStateDuration") instanceof String text) {
            open = parseDuration(text, openStateDuration);
        }
        return new CircuitLimits(config.getInteger("failureThreshold", failureThreshold),
                config.getInteger("halfOpenPermittedCalls", halfOpenPermittedCalls), open);
    }

    /** openStateDuration in seconds as the config writes it: {@code 5} or {@code 2.5}. */
    String openStateSeconds() {
        long millis = openStateDuration.toMillis();
        return String.format(Locale.ROOT, "%s", millis % 1000 == 0 ? Long.toString(openStateDuration.toSeconds())
                : Double.toString(millis / 1000.0));
    }

    /** Reads a config duration ({@code 250ms}, {@code 2.5s}, {@code 2m}, {@code 1h}); {@code fallback} otherwise. */
    static Duration parseDuration(String text, Duration fallback) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        return fallback;
    }
}
