package io.fleetbreaker;

import java.util.List;

/**
 * A {@link CircuitBreakerConfig} (or registry setting) was invalid. Lists every problem, each of the form
 * {@code <key> must be ... but was ...}, so a config file can be fixed in one pass.
 */
public final class InvalidConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, without any key prefix. */
    public List<String> problems() {
        return problems;
    }
}
