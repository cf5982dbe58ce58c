package io.fleetbreaker.gateway.http;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Re-reads the config file and applies it (SPEC §2.12). Completes with the circuit names now served, or fails with
 * a {@link io.fleetbreaker.gateway.config.ConfigException} listing the problems (the running config is kept).
 * Implementations must not block the caller.
 */
@FunctionalInterface
public interface ConfigReload {
    CompletionStage<List<String>> reload();
}
