package io.fleetbreaker.gateway.config;

import java.util.List;

/** A config file could not be used. Carries every problem found, each naming its key; no stack trace. */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() + " config problem(s): " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
