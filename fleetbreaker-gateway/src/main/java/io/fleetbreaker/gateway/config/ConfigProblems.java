package io.fleetbreaker.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in a config file, so the user sees all of them at once instead of one per start.
 * Each problem names the key path, the value and what is allowed. Not thread-safe (one per read).
 */
final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> list() {
        return List.copyOf(problems);
    }

    /** How a value reads in a message: strings quoted, collections by kind, null as "empty". */
    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof java.util.Map) {
            return "a mapping";
        }
        if (value instanceof java.util.Collection) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
