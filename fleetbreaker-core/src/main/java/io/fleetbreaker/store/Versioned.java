package io.fleetbreaker.store;

/** A stored value with the CAS token it had when it was read. */
public record Versioned(String value, long cas) {
}
