package io.fleetbreaker.bench;

import io.fleetbreaker.testkit.MemcachedServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operation counters of memcached's own {@code stats}, and their difference between two readings.
 *
 * <p>{@code cmd_get} counts keys (a multi-get of two keys counts 2); {@code cmd_set} counts every storage command,
 * {@code add} and {@code cas} included, so the {@code cas_*} counters are shown but not added again.
 */
public record MemcachedStats(Map<String, Long> counters) {

    /** Counters that each stand for distinct operations. */
    static final List<String> OPERATIONS = List.of("cmd_get", "cmd_set", "incr_hits", "incr_misses", "decr_hits",
            "decr_misses", "cmd_touch", "delete_hits", "delete_misses");
    /** Sub-counts of {@code cmd_set}, for the breakdown only. */
    static final List<String> DETAIL = List.of("cas_hits", "cas_misses", "cas_badval", "get_hits", "get_misses");

    public static MemcachedStats read(MemcachedServer server) {
        Map<String, String> raw = server.stats();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String name : OPERATIONS) {
            counters.put(name, Long.parseLong(raw.getOrDefault(name, "0")));
        }
        for (String name : DETAIL) {
            counters.put(name, Long.parseLong(raw.getOrDefault(name, "0")));
        }
        return new MemcachedStats(Map.copyOf(counters));
    }

    public MemcachedStats minus(MemcachedStats before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        counters.forEach((name, value) -> delta.put(name, value - before.counters.getOrDefault(name, 0L)));
        return new MemcachedStats(delta);
    }

    /** Memcached operations: keys read plus mutations. */
    public long operations() {
        return OPERATIONS.stream().mapToLong(name -> counters.getOrDefault(name, 0L)).sum();
    }

    /** The non-zero counters, e.g. {@code cmd_get=20, incr_hits=10}. */
    public String breakdown() {
        StringBuilder out = new StringBuilder();
        for (String name : OPERATIONS) {
            append(out, name);
        }
        for (String name : DETAIL) {
            append(out, name);
        }
        return out.toString();
    }

    private void append(StringBuilder out, String name) {
        long v = counters.getOrDefault(name, 0L);
        if (v != 0) {
            out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(v);
        }
    }
}
