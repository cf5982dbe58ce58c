package io.fleetbreaker.gateway.proxy;

import io.fleetbreaker.Rejection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls this instance refused for one circuit, by reason (metric {@code fleetbreaker_rejected_total}). Thread-safe;
 * counting is a {@link LongAdder} increment.
 */
public final class RejectionCounters {

    /** Metric label of a bulkhead rejection. */
    public static final String BULKHEAD_FULL = "bulkhead_full";

    private final LongAdder[] byBreakerReason = new LongAdder[Rejection.Reason.values().length];
    private final LongAdder bulkheadFull = new LongAdder();

    RejectionCounters() {
        for (int i = 0; i < byBreakerReason.length; i++) {
            byBreakerReason[i] = new LongAdder();
        }
    }

    void count(Rejection.Reason reason) {
        byBreakerReason[reason.ordinal()].increment();
    }

    void countBulkheadFull() {
        bulkheadFull.increment();
    }

    /** Counts by metric label: the lower-case breaker reason ({@code circuit_open}, ...) and {@code bulkhead_full}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Rejection.Reason r : Rejection.Reason.values()) {
            out.put(r.name().toLowerCase(java.util.Locale.ROOT), byBreakerReason[r.ordinal()].sum());
        }
        out.put(BULKHEAD_FULL, bulkheadFull.sum());
        return out;
    }
}
