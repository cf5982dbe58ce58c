package io.fleetbreaker.gateway.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A light, steady background load for the demo fleet once the story is over, so the dashboard keeps showing live
 * numbers: {@code ratePerSecond} requests a second, taken in turn from {@code urls} (one per circuit). A request that
 * hangs never holds the next ones back: requests run on a small pool, and a tick is skipped (counted) when
 * {@link #MAX_IN_FLIGHT} are already waiting. Every {@code reportEvery} it prints one line with the outcomes.
 * Thread-safe; {@link #close()} stops it and waits for the requests in flight.
 */
final class Trickle implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 8;

    private final DemoHttp http;
    private final List<String> urls;
    private final PrintStream out;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "trickle-ticker"));
    private final ExecutorService senders = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> daemon(r,
            "trickle-sender"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final LongAdder skipped = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    Trickle(DemoHttp http, List<String> urls, PrintStream out) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one URL is needed");
        }
        this.http = http;
        this.urls = List.copyOf(urls);
        this.out = out;
    }

    /** Starts sending; {@code reportEvery} zero or negative: no periodic report. */
    Trickle start(double ratePerSecond, Duration reportEvery) {
        if (!(ratePerSecond > 0 && ratePerSecond <= 1000)) {
            throw new IllegalArgumentException("rate must be above 0 and at most 1000 per second but was "
                    + ratePerSecond);
        }
        long periodMicros = Math.max(1000, Math.round(1_000_000 / ratePerSecond));
        ticker.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
        if (!reportEvery.isZero() && !reportEvery.isNegative()) {
            ticker.scheduleAtFixedRate(this::report, reportEvery.toMillis(), reportEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Requests sent so far (answered or not). */
    long sent() {
        return sent.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    private void tick() {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            skipped.increment();
            return;
        }
        String url = urls.get((int) (next.getAndIncrement() % urls.size()));
        try {
            senders.execute(() -> send(url));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet(); // closing
        }
    }

    private void send(String url) {
        String outcome;
        try {
            sent.incrementAndGet();
            DemoHttp.Reply reply = http.get(url);
            outcome = reply.outcome();
        } catch (IOException e) {
            outcome = "error " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        } finally {
            inFlight.decrementAndGet();
        }
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private void report() {
        StringBuilder line = new StringBuilder("trickle: ").append(sent.get()).append(" requests so far");
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        counts.forEach((k, v) -> line.append(", ").append(k).append(" x").append(v));
        long skips = skipped.sum();
        if (skips > 0) {
            line.append(", ").append(skips).append(" ticks skipped (").append(MAX_IN_FLIGHT)
                    .append(" requests already waiting)");
        }
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
