package io.fleetbreaker.gateway.config;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of one circuit (or of {@code defaults:}) and builds a {@link CircuitConfig} from defaults plus
 * overrides. Type and range problems are reported per key; cross-field rules are left to
 * {@link CircuitBreakerConfig}'s builder, whose message is prefixed with the circuit's key path. Stateless.
 */
final class CircuitFieldsReader {

    /** Every key a circuit (or {@code defaults:}) may hold, in the order messages list them. */
    static final List<String> KEYS = List.of("upstream", "timeout", "maxConcurrentCalls", "failureStatuses",
            "failureThreshold", "failureRateThreshold", "minimumNumberOfCalls", "slowCallDurationThreshold",
            "slowCallRateThreshold", "slidingWindow", "windowBucket", "openStateDuration",
            "openStateBackoffMultiplier", "maxOpenStateDuration", "halfOpenPermittedCalls",
            "halfOpenSuccessThreshold", "maxHalfOpenDuration");

    /** Fields that may be explicitly empty, meaning "off" or "derive from the others". */
    private static final List<String> NULLABLE = List.of("slowCallDurationThreshold", "maxOpenStateDuration",
            "maxHalfOpenDuration");

    private static final String NAME_RULE = "[A-Za-z0-9._-]{1,100}";

    private CircuitFieldsReader() {
    }

    static boolean isValidName(String name) {
        return name.matches(NAME_RULE);
    }

    /**
     * The valid fields of {@code node} as typed values (a key mapped to {@code null} = explicitly off). Invalid ones
     * are left out and reported.
     */
    static Map<String, Object> read(ConfigNode node) {
        node.rejectUnknownKeys(KEYS);
        Map<String, Object> typed = new HashMap<>();
        for (String k : KEYS) {
            if (!node.has(k)) {
                continue;
            }
            Object raw = node.values().get(k);
            if (raw == null) {
                if (NULLABLE.contains(k)) {
                    typed.put(k, null);
                } else {
                    node.problems().add(node.key(k) + " must have a value but was empty");
                }
                continue;
            }
            readField(node, k).ifPresent(v -> typed.put(k, v));
        }
        return typed;
    }

    private static Optional<?> readField(ConfigNode node, String k) {
        return switch (k) {
            case "upstream" -> upstream(node);
            case "failureStatuses" -> failureStatuses(node);
            case "timeout", "slowCallDurationThreshold", "slidingWindow", "windowBucket", "openStateDuration",
                    "maxOpenStateDuration", "maxHalfOpenDuration" -> node.duration(k);
            case "maxConcurrentCalls" -> node.integer(k, 1, 1_000_000);
            case "failureThreshold", "minimumNumberOfCalls" ->
                    node.integer(k, k.equals("failureThreshold") ? 0 : 1, Integer.MAX_VALUE);
            case "failureRateThreshold", "slowCallRateThreshold" -> node.integer(k, 0, 100);
            case "halfOpenPermittedCalls", "halfOpenSuccessThreshold" -> node.integer(k, 1, 1000);
            case "openStateBackoffMultiplier" -> node.number(k, 1, 100);
            default -> throw new IllegalStateException("no reader for " + k);
        };
    }

    /**
     * Builds the circuit from {@code defaults} overridden by {@code own}; reports and answers empty when the
     * combination is invalid or incomplete.
     */
    static Optional<CircuitConfig> build(String name, String path, Map<String, Object> defaults,
            Map<String, Object> own, ConfigProblems problems) {
        Map<String, Object> f = new HashMap<>(defaults);
        f.putAll(own);
        if (!f.containsKey("upstream")) {
            problems.add(path + ".upstream is required (an absolute http(s) URL like http://127.0.0.1:9001)");
            return Optional.empty();
        }
        CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
        if (f.containsKey("timeout")) b.timeout((Duration) f.get("timeout"));
        if (f.containsKey("failureThreshold")) b.failureThreshold((Integer) f.get("failureThreshold"));
        if (f.containsKey("failureRateThreshold")) b.failureRateThreshold((Integer) f.get("failureRateThreshold"));
        if (f.containsKey("minimumNumberOfCalls")) b.minimumNumberOfCalls((Integer) f.get("minimumNumberOfCalls"));
        if (f.containsKey("slowCallDurationThreshold")) {
            b.slowCallDurationThreshold((Duration) f.get("slowCallDurationThreshold"));
        }
        if (f.containsKey("slowCallRateThreshold")) b.slowCallRateThreshold((Integer) f.get("slowCallRateThreshold"));
        if (f.containsKey("slidingWindow")) b.slidingWindow((Duration) f.get("slidingWindow"));
        if (f.containsKey("windowBucket")) b.windowBucket((Duration) f.get("windowBucket"));
        if (f.containsKey("openStateDuration")) b.openStateDuration((Duration) f.get("openStateDuration"));
        if (f.containsKey("openStateBackoffMultiplier")) {
            b.openStateBackoffMultiplier((Double) f.get("openStateBackoffMultiplier"));
        }
        if (f.containsKey("maxOpenStateDuration")) b.maxOpenStateDuration((Duration) f.get("maxOpenStateDuration"));
        if (f.containsKey("halfOpenPermittedCalls")) {
            b.halfOpenPermittedCalls((Integer) f.get("halfOpenPermittedCalls"));
        }
        if (f.containsKey("halfOpenSuccessThreshold")) {
            b.halfOpenSuccessThreshold((Integer) f.get("halfOpenSuccessThreshold"));
        }
        if (f.containsKey("maxHalfOpenDuration")) b.maxHalfOpenDuration((Duration) f.get("maxHalfOpenDuration"));
        CircuitBreakerConfig breaker;
        try {
            breaker = b.build();
        } catch (InvalidConfigException e) {
            e.problems().forEach(problem -> problems.add(path + "." + problem));
            return Optional.empty();
        }
        return Optional.of(new CircuitConfig(name, (URI) f.get("upstream"), breaker,
                (Integer) f.getOrDefault("maxConcurrentCalls", CircuitConfig.DEFAULT_MAX_CONCURRENT_CALLS),
                (StatusCodes) f.getOrDefault("failureStatuses", StatusCodes.DEFAULT_FAILURES)));
    }

    private static Optional<URI> upstream(ConfigNode node) {
        Optional<String> text = node.string("upstream");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        node.problems().add(node.key("upstream") + " must be an absolute http(s) URL without query, like"
                + " http://127.0.0.1:9001 or https://api.example.com/v1, but was "
                + ConfigProblems.describe(text.get()));
        return Optional.empty();
    }

    private static Optional<StatusCodes> failureStatuses(ConfigNode node) {
        Object raw = node.values().get("failureStatuses");
        List<?> items = raw instanceof List<?> l ? l : List.of(raw);
        BitSet codes = new BitSet(600);
        List<String> spelling = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            int[] range = StatusCodes.parseItem(items.get(i));
            if (range == null) {
                String at = raw instanceof List ? node.key("failureStatuses") + "[" + i + "]"
                        : node.key("failureStatuses");
                node.problems().add(at + " must be a status code 100-599 or a range like \"500-599\" but was "
                        + ConfigProblems.describe(items.get(i)));
                ok = false;
                continue;
            }
            codes.set(range[0], range[1] + 1);
            spelling.add(range[0] == range[1] ? String.valueOf(range[0]) : range[0] + "-" + range[1]);
        }
        return ok ? Optional.of(StatusCodes.of(codes, spelling)) : Optional.empty();
    }
}
