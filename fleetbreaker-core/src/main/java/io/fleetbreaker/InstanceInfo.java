package io.fleetbreaker;

/** One live instance of the fleet, as its last heartbeat in the store describes it. */
public record InstanceInfo(String instanceId, long startedAtEpochMillis, long lastSeenEpochMillis, boolean degraded) {
}
