package io.fleetbreaker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmark suite and prints the result table (markdown): figure, target, measured, peer, ratio, holds.
 * <pre>
 *   java -cp fleetbreaker-bench/target/benchmarks.jar io.fleetbreaker.bench.BenchMain [quick|full]
 *        [--only hotpath,traffic,idle,propagation,herd] [--out FILE]
 * </pre>
 * Exits 0 whatever the verdicts: a benchmark reports, it does not gate. Exits 1 only if a benchmark could not run.
 */
public final class BenchMain {

    static final List<String> ALL = List.of("hotpath", "traffic", "idle", "propagation", "herd");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Mode mode = Mode.QUICK;
        Set<String> only = new LinkedHashSet<>(ALL);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--out" -> out = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: BenchMain [quick|full] [--only " + String.join(",", ALL)
                            + "] [--out FILE]");
                    return;
                }
                default -> mode = Mode.named(args[i]);
            }
        }
        long start = System.nanoTime();
        List<Figure> figures = run(mode, only, System.out);
        String table = table(mode, figures, (System.nanoTime() - start) / 1_000_000_000L);
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
            System.out.println("written to " + out);
        }
        System.exit(0); // the fleets' non-daemon client threads must not keep the JVM alive
    }

    static List<Figure> run(Mode mode, Set<String> only, PrintStream log) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (String name : only) {
            log.printf("== %s (%s)%n", name, mode.name());
            long t0 = System.nanoTime();
            List<Figure> got;
            try {
                got = switch (name) {
                    case "hotpath" -> new HotPathRunner().run(mode);
                    case "traffic" -> new StoreTrafficScenario().run(mode);
                    case "idle" -> new IdleFleetScenario().run(mode);
                    case "propagation" -> new PropagationScenario().run(mode);
                    case "herd" -> new HerdScenario().run(mode);
                    default -> throw new IllegalArgumentException("unknown benchmark " + name + "; known: " + ALL);
                };
            } catch (Exception e) {
                // One broken benchmark must not hide the others' figures; the table shows it failed.
                e.printStackTrace(log);
                got = List.of(Figure.of(name, "-", "failed to run", "-", "-", false).withNote(String.valueOf(e)));
            }
            for (Figure f : got) {
                log.printf("   %s: %s (target %s, peer %s)%n", f.name(), f.measured(), f.target(), f.peer());
            }
            log.printf("   (%d s)%n", (System.nanoTime() - t0) / 1_000_000_000L);
            figures.addAll(got);
        }
        return figures;
    }

    static String table(Mode mode, List<Figure> figures, long seconds) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Fleetbreaker benchmarks, %s mode, %s, %d CPUs, Java %s, %d s%n%n", mode.name(),
                Instant.now().toString().substring(0, 16) + "Z", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), seconds));
        b.append("| figure | target | measured | peer | ratio | holds |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            b.append(String.format("| %s | %s | %s | %s | %s | %s |%n", f.name(), f.target(), f.measured(), f.peer(),
                    f.ratio(), f.holds() == null ? "" : f.holds() ? "yes" : "**no**"));
        }
        b.append('\n');
        for (Figure f : figures) {
            if (!f.note().isEmpty()) {
                b.append("- ").append(f.name()).append(": ").append(f.note()).append('\n');
            }
        }
        return b.toString();
    }
}
