package io.fleetbreaker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was while a benchmark ran, from {@code /proc/stat}, {@code /proc/loadavg} and this JVM's own
 * CPU time. Other work on the box (other builds, other sessions) moves every figure here, so the table says how much
 * there was: "foreign" is the machine's busy time minus this JVM's, as a share of all CPUs.
 */
record MachineLoad(long busyTicks, long totalTicks, long ownCpuNanos, long wallNanos, String loadAverage) {

    static MachineLoad sample() {
        long busy = 0;
        long total = 0;
        String load = "?";
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // not Linux: no machine figures
        }
        long own = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        return new MachineLoad(busy, total, own, System.nanoTime(), load);
    }

    /** E.g. {@code machine busy 64 %, this JVM 21 %, foreign 43 %, load 3.1 → 5.2}. */
    String since(MachineLoad before) {
        long total = totalTicks - before.totalTicks;
        if (total <= 0) {
            return "machine load unknown";
        }
        double busy = 100.0 * (busyTicks - before.busyTicks) / total;
        int cpus = Runtime.getRuntime().availableProcessors();
        double own = 100.0 * (ownCpuNanos - before.ownCpuNanos) / ((double) (wallNanos - before.wallNanos) * cpus);
        return String.format("machine busy %.0f %%, this JVM %.0f %%, foreign ≈ %.0f %%, load %s → %s", busy, own,
                Math.max(0, busy - own), before.loadAverage, loadAverage);
    }
}
