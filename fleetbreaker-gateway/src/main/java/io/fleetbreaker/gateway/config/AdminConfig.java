package io.fleetbreaker.gateway.config;

/**
 * Admin API settings. {@code token} is {@code null} when admin endpoints are disabled. {@link #toString()} never
 * shows the token, so a logged config cannot leak it. Immutable.
 */
public record AdminConfig(String token) {

    public boolean enabled() {
        return token != null && !token.isEmpty();
    }

    @Override
    public String toString() {
        return "AdminConfig[token=" + (enabled() ? "***" : "none") + "]";
    }
}
