package io.fleetbreaker.internal;

import io.fleetbreaker.InstanceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's heartbeats, kept in one CAS-guarded key so that listing the instances is a single read (Memcached cannot
 * list keys). Each instance rewrites its own entry every heartbeat and drops entries not refreshed for a while.
 *
 * <p>Wire format: entries {@code id,startedAt,lastSeen,degraded(0|1)} joined by {@code ;}.
 */
final class Membership {

    private Membership() {
    }

    static List<InstanceInfo> decode(String value) {
        List<InstanceInfo> instances = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return instances;
        }
        for (String entry : value.trim().split(";")) {
            String[] f = entry.split(",");
            if (f.length != 4) {
                continue;
            }
            try {
                instances.add(new InstanceInfo(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), "1".equals(f[3])));
            } catch (NumberFormatException e) {
                // an entry this version cannot read is dropped on the next rewrite
            }
        }
        return instances;
    }

    /** {@code current} with {@code self} put in (replacing its old entry) and entries older than {@code dropBefore} gone. */
    static String with(String current, InstanceInfo self, long dropBefore) {
        StringBuilder out = new StringBuilder(encode(self));
        for (InstanceInfo other : decode(current)) {
            if (!other.instanceId().equals(self.instanceId()) && other.lastSeenEpochMillis() >= dropBefore) {
                out.append(';').append(encode(other));
            }
        }
        return out.toString();
    }

    private static String encode(InstanceInfo i) {
        return i.instanceId() + "," + i.startedAtEpochMillis() + "," + i.lastSeenEpochMillis() + ","
                + (i.degraded() ? "1" : "0");
    }
}
