package io.fleetbreaker.gateway.downstream;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * How the simulated downstream answers, as set through {@code POST /__control/mode}. Immutable.
 *
 * @param mode      healthy, failing, slow, hanging or refusing
 * @param rate      fraction of requests that fail in {@code failing} mode, 0.0 to 1.0
 * @param status    the status a failing request answers with, 100 to 599
 * @param latencyMs the delay before a {@code slow} request answers (healthy echo)
 */
public record DownstreamMode(Kind mode, double rate, int status, long latencyMs) {

    /** The behaviours the simulator offers. */
    public enum Kind {
        HEALTHY, FAILING, SLOW, HANGING, REFUSING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(
                    "mode must be one of healthy, failing, slow, hanging, refusing but was " + name);
        }
    }

    public static final double DEFAULT_RATE = 1.0;
    public static final int DEFAULT_STATUS = 500;
    public static final long DEFAULT_LATENCY_MS = 1000;

    public DownstreamMode {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be set");
        }
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("rate must be between 0.0 and 1.0 but was " + rate);
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599 but was " + status);
        }
        if (latencyMs < 0 || latencyMs > 3_600_000) {
            throw new IllegalArgumentException("latencyMs must be between 0 and 3600000 but was " + latencyMs);
        }
    }

    public static DownstreamMode healthy() {
        return new DownstreamMode(Kind.HEALTHY, DEFAULT_RATE, DEFAULT_STATUS, 0);
    }

    public static DownstreamMode failing(double rate, int status) {
        return new DownstreamMode(Kind.FAILING, rate, status, 0);
    }

    public static DownstreamMode slow(long latencyMs) {
        return new DownstreamMode(Kind.SLOW, DEFAULT_RATE, DEFAULT_STATUS, latencyMs);
    }

    public static DownstreamMode of(Kind kind) {
        return new DownstreamMode(kind, DEFAULT_RATE, DEFAULT_STATUS, kind == Kind.SLOW ? DEFAULT_LATENCY_MS : 0);
    }

    /**
     * Reads a control request body such as {@code {"mode":"failing","rate":0.5,"status":503}}; fields a mode does not
     * use are ignored, missing ones take their defaults.
     *
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    public static DownstreamMode fromJson(JsonObject json) {
        if (json == null) {
            throw new IllegalArgumentException("body must be a JSON object such as {\"mode\":\"healthy\"}");
        }
        Object rawMode = json.getValue("mode");
        if (!(rawMode instanceof String name)) {
            throw new IllegalArgumentException(
                    "mode must be one of healthy, failing, slow, hanging, refusing but was " + rawMode);
        }
        Kind kind = Kind.parse(name);
        double rate = number(json, "rate", DEFAULT_RATE).doubleValue();
        long rawStatus = wholeNumber(json, "status", DEFAULT_STATUS);
        if (rawStatus < 100 || rawStatus > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599 but was " + rawStatus);
        }
        int status = (int) rawStatus;
        long latency = wholeNumber(json, "latencyMs", kind == Kind.SLOW ? DEFAULT_LATENCY_MS : 0);
        return new DownstreamMode(kind, rate, status, latency);
    }

    private static Number number(JsonObject json, String key, Number fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(key + " must be a number but was " + value);
        }
        return n;
    }

    private static long wholeNumber(JsonObject json, String key, long fallback) {
        Number n = number(json, key, fallback);
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(key + " must be a whole number but was " + n);
        }
        return n.longValue();
    }

    /** The fields of this mode in the {@code GET /__control} shape. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("mode", mode.wireName())
                .put("rate", rate)
                .put("status", status)
                .put("latencyMs", latencyMs);
    }
}
