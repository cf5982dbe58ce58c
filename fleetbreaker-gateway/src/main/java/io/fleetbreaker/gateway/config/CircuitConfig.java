package io.fleetbreaker.gateway.config;

import io.fleetbreaker.CircuitBreakerConfig;
import java.net.URI;

/**
 * One circuit of the gateway: the breaker's thresholds plus what the proxy needs. Immutable.
 *
 * @param name               the circuit name ({@code [A-Za-z0-9._-]{1,100}})
 * @param upstream           absolute http(s) URL requests are forwarded to; its path is a prefix
 * @param breaker            the breaker thresholds
 * @param maxConcurrentCalls the bulkhead: calls in flight on this instance beyond this are rejected
 * @param failureStatuses    response statuses that count as failures
 */
public record CircuitConfig(String name, URI upstream, CircuitBreakerConfig breaker, int maxConcurrentCalls,
        StatusCodes failureStatuses) {

    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 100;
}
