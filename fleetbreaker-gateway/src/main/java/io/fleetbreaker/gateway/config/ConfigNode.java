package io.fleetbreaker.gateway.config;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of the config tree and its key path, with typed readers. A reader answers empty when the key is absent
 * or its value is unusable; in the second case it records a problem naming the full key path, the value and what is
 * allowed. Not thread-safe (one per read).
 */
final class ConfigNode {

    private final String path;
    private final Map<String, Object> values;
    private final ConfigProblems problems;

    ConfigNode(String path, Map<?, ?> values, ConfigProblems problems) {
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
        this.problems = problems;
    }

    String path() {
        return path;
    }

    Map<String, Object> values() {
        return values;
    }

    ConfigProblems problems() {
        return problems;
    }

    String key(String k) {
        return EnvExpander.join(path, k);
    }

    boolean has(String k) {
        return values.containsKey(k);
    }

    void rejectUnknownKeys(Collection<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                problems.add(key(k) + " is not a known key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** The mapping at {@code k}; an absent or empty value is an empty mapping. */
    ConfigNode section(String k) {
        Object v = values.get(k);
        if (v == null) {
            return new ConfigNode(key(k), Map.of(), problems);
        }
        if (!(v instanceof Map<?, ?> map)) {
            problems.add(key(k) + " must be a mapping of keys to values but was " + ConfigProblems.describe(v));
            return new ConfigNode(key(k), Map.of(), problems);
        }
        return new ConfigNode(key(k), map, problems);
    }

    /** A string; numbers and booleans are accepted as their text (an instance id of 42 is fine). */
    Optional<String> string(String k) {
        Object v = values.get(k);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return Optional.of(String.valueOf(v));
        }
        problems.add(key(k) + " must be a string but was " + ConfigProblems.describe(v));
        return Optional.empty();
    }

    /** A string matching {@code regex}; {@code what} tells the user the rule. */
    Optional<String> matching(String k, String regex, String what) {
        Optional<String> s = string(k);
        if (s.isPresent() && !s.get().matches(regex)) {
            problems.add(key(k) + " must be " + what + " but was " + ConfigProblems.describe(s.get()));
            return Optional.empty();
        }
        return s;
    }

    Optional<Integer> integer(String k, int min, int max) {
        return integerValue(key(k), values.get(k), min, max);
    }

    Optional<Integer> integerValue(String fullKey, Object v, int min, int max) {
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            problems.add(fullKey + " must be a whole number but was " + ConfigProblems.describe(v));
            return Optional.empty();
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            problems.add(fullKey + " must be " + range(min, max) + " but was " + n);
            return Optional.empty();
        }
        return Optional.of((int) n);
    }

    Optional<Double> number(String k, double min, double max) {
        Object v = values.get(k);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n)) {
            problems.add(key(k) + " must be a number but was " + ConfigProblems.describe(v));
            return Optional.empty();
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            problems.add(key(k) + " must be between " + plain(min) + " and " + plain(max) + " but was " + v);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** A positive duration in the config syntax ({@link Durations}). */
    Optional<Duration> duration(String k) {
        Object v = values.get(k);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Duration> d = v instanceof String s ? Durations.parse(s) : Optional.empty();
        if (d.isEmpty()) {
            problems.add(key(k) + " must be a duration like 250ms, 10s or 2m but was " + ConfigProblems.describe(v));
            return Optional.empty();
        }
        if (d.get().isZero()) {
            problems.add(key(k) + " must be a positive duration like 250ms, 10s or 2m but was "
                    + ConfigProblems.describe(v));
            return Optional.empty();
        }
        return d;
    }

    /** One of the lower-case names in {@code allowed}. */
    <E> Optional<E> choice(String k, Map<String, E> allowed) {
        Optional<String> s = string(k);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        E e = allowed.get(s.get());
        if (e == null) {
            problems.add(key(k) + " must be one of " + String.join(", ", allowed.keySet()) + " but was "
                    + ConfigProblems.describe(s.get()));
            return Optional.empty();
        }
        return Optional.of(e);
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
