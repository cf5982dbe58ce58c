package io.fleetbreaker.gateway.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The narrated output of the demo scenario: every line stamped with the time since the start, plus the list of checks
 * whose outcome decides the exit code. Thread-safe (lines from driver threads do not interleave).
 */
final class Timeline {

    /** One verified claim of the story. */
    record Check(String name, boolean passed, String detail) {
    }

    private final PrintStream out;
    private final long startNanos;
    private final List<Check> checks = new ArrayList<>();

    Timeline(PrintStream out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    /** Seconds since the start, e.g. {@code +12.345s}. */
    String stamp(long nanos) {
        return String.format(Locale.ROOT, "+%7.3fs", (nanos - startNanos) / 1e9);
    }

    synchronized void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[%s] %s%n", stamp(System.nanoTime()), String.format(Locale.ROOT, format, args));
        out.flush();
    }

    synchronized void detail(String format, Object... args) {
        out.printf(Locale.ROOT, "            %s%n", String.format(Locale.ROOT, format, args));
        out.flush();
    }

    synchronized void phase(String title) {
        out.printf(Locale.ROOT, "%n[%s] == %s ==%n", stamp(System.nanoTime()), title);
        out.flush();
    }

    synchronized boolean check(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
        out.printf(Locale.ROOT, "[%s] check %s: %s (%s)%n", stamp(System.nanoTime()), passed ? "PASS" : "FAIL", name,
                detail);
        out.flush();
        return passed;
    }

    synchronized List<Check> checks() {
        return List.copyOf(checks);
    }

    synchronized boolean allPassed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    synchronized void summary() {
        long passed = checks.stream().filter(Check::passed).count();
        out.printf(Locale.ROOT, "%n== Scenario checks ==%n");
        for (Check c : checks) {
            out.printf(Locale.ROOT, "  %s  %s — %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
        }
        out.printf(Locale.ROOT, "scenario: %d passed, %d failed%n", passed, checks.size() - passed);
        out.flush();
    }
}
