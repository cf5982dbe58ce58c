package io.fleetbreaker.gateway.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client traffic for the demo: one thread per target URL, each sending one request at a time (so a fleet of N
 * instances never has more than N demo requests in flight), paced by a short pause. Results are tallied per phase.
 */
final class TrafficDrivers implements AutoCloseable {

    /** Tallies of one phase: outcome label ("200", "500", "503 circuit_open", "error") and serving instance. */
    static final class Tally {
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final Map<String, LongAdder> instances = new ConcurrentHashMap<>();
        final LongAdder total = new LongAdder();

        void add(String outcome, String instance) {
            total.increment();
            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            if (instance != null) {
                instances.computeIfAbsent(instance, k -> new LongAdder()).increment();
            }
        }

        long count(String outcome) {
            LongAdder a = outcomes.get(outcome);
            return a == null ? 0 : a.sum();
        }

        /** True when the phase saw requests and every one of them ended as {@code outcome}. */
        boolean everyOutcomeIs(String outcome) {
            return total.sum() > 0 && count(outcome) == total.sum();
        }

        String describe() {
            StringBuilder sb = new StringBuilder().append(total.sum()).append(" requests: ");
            new TreeMap<>(outcomes).forEach((k, v) -> sb.append(k).append(" x").append(v.sum()).append(", "));
            sb.setLength(sb.length() - 2);
            if (!instances.isEmpty()) {
                sb.append("; answered by ");
                new TreeMap<>(instances).forEach((k, v) -> sb.append(k).append(" x").append(v.sum()).append(", "));
                sb.setLength(sb.length() - 2);
            }
            return sb.toString();
        }
    }

    private final DemoHttp http;
    private final List<String> targets;
    private final long paceMillis;
    private final AtomicReference<Tally> tally = new AtomicReference<>(new Tally());
    private final List<Thread> threads = new ArrayList<>();
    /** Per driver: System.nanoTime() at which its most recently completed request had been sent. */
    private final AtomicLong[] lastCompletedSentAt;
    private volatile boolean running = true;

    TrafficDrivers(DemoHttp http, List<String> targets, long paceMillis) {
        this.http = http;
        this.targets = List.copyOf(targets);
        this.paceMillis = paceMillis;
        this.lastCompletedSentAt = new AtomicLong[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            lastCompletedSentAt[i] = new AtomicLong(Long.MIN_VALUE);
        }
    }

    void start() {
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            Thread t = new Thread(() -> drive(index), "demo-driver-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Starts a new phase's tally and returns the previous one. */
    Tally nextPhase() {
        return tally.getAndSet(new Tally());
    }

    int size() {
        return targets.size();
    }

    /** True when every driver has completed a request that it sent after {@code nanos}. */
    boolean allCompletedRequestSentAfter(long nanos) {
        for (AtomicLong sentAt : lastCompletedSentAt) {
            if (sentAt.get() - nanos < 0) {
                return false;
            }
        }
        return true;
    }

    private void drive(int index) {
        String url = targets.get(index);
        while (running) {
            long sentAt = System.nanoTime();
            String outcome;
            String instance = null;
            try {
                DemoHttp.Reply reply = http.get(url);
                instance = reply.instance();
                outcome = reply.outcome();
            } catch (IOException e) {
                outcome = "error " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            tally.get().add(outcome, instance);
            lastCompletedSentAt[index].set(sentAt);
            try {
                Thread.sleep(paceMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
