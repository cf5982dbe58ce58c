package io.fleetbreaker.bench;

import io.fleetbreaker.bench.HotPathBenchmark.Subject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Figure 1: runs {@link HotPathBenchmark} through JMH with 1 and then 2 threads, every subject side by side in the
 * same run, and turns the scores into rows: each Fleetbreaker store against the faster of the two Resilience4j
 * windows.
 */
public final class HotPathRunner {

    static final double CLOSED_SINGLE_THREAD_TARGET_NS = 30;
    private static final String CLOSED = "closedAcquireAndSucceed";
    private static final String OPEN = "openRejected";

    /**
     * One benchmark in ns/op: the median of its measurement iterations (all forks), and their min and max. The median,
     * not JMH's mean, because on a shared 2-CPU VM one iteration stalled by a neighbour can move a 3-iteration mean
     * tenfold; JMH's own mean is kept in the printed JMH output only.
     */
    record Score(double ns, double min, double max) {
        @Override
        public String toString() {
            return String.format("%.1f (%.1f–%.1f)", ns, min, max);
        }
    }

    public List<Figure> run(Mode mode) throws RunnerException {
        List<Figure> figures = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            System.out.printf("  JMH HotPathBenchmark, %d thread(s), %d fork(s), %d×%s warm-up, %d×%s measurement%n",
                    threads, mode.jmhForks(), mode.jmhWarmups(), mode.jmhWarmupTime(), mode.jmhIterations(),
                    mode.jmhIterationTime());
            Map<String, Map<Subject, Score>> scores = jmh(mode, threads);
            figures.addAll(rows(CLOSED, "CLOSED acquire+success", threads, scores.get(CLOSED)));
            figures.addAll(rows(OPEN, "OPEN rejection", threads, scores.get(OPEN)));
        }
        return figures;
    }

    private static Map<String, Map<Subject, Score>> jmh(Mode mode, int threads) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.include(HotPathBenchmark.class.getName() + "\\.").threads(threads).forks(mode.jmhForks())
                .warmupIterations(mode.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(mode.jmhWarmupTime().toMillis()))
                .measurementIterations(mode.jmhIterations())
                .measurementTime(TimeValue.milliseconds(mode.jmhIterationTime().toMillis()))
                .timeUnit(TimeUnit.NANOSECONDS).shouldFailOnError(true).verbosity(VerboseMode.SILENT);
        Map<String, Map<Subject, Score>> scores = Map.of(CLOSED, new EnumMap<>(Subject.class),
                OPEN, new EnumMap<>(Subject.class));
        for (RunResult r : new Runner(options.build()).run()) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Subject subject = Subject.valueOf(r.getParams().getParam("subject"));
            double[] iterations = r.getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
            double median = iterations.length % 2 == 1 ? iterations[iterations.length / 2]
                    : (iterations[iterations.length / 2 - 1] + iterations[iterations.length / 2]) / 2;
            scores.get(method).put(subject, new Score(median, iterations[0], iterations[iterations.length - 1]));
        }
        return scores;
    }

    private static List<Figure> rows(String method, String label, int threads, Map<Subject, Score> s) {
        Score count = s.get(Subject.R4J_COUNT_WINDOW);
        Score time = s.get(Subject.R4J_TIME_WINDOW);
        double peer = Math.min(count.ns, time.ns);
        boolean closedSingle = method.equals(CLOSED) && threads == 1;
        String target = closedSingle ? "≤ R4J, ≤ " + (int) CLOSED_SINGLE_THREAD_TARGET_NS + " ns" : "≤ R4J";
        List<Figure> rows = new ArrayList<>();
        for (Subject fleet : new Subject[] {Subject.FLEETBREAKER_MEMCACHED, Subject.FLEETBREAKER_IN_MEMORY}) {
            Score m = s.get(fleet);
            boolean holds = m.ns <= peer && (!closedSingle || m.ns <= CLOSED_SINGLE_THREAD_TARGET_NS);
            String store = fleet == Subject.FLEETBREAKER_MEMCACHED ? "memcached" : "in-memory";
            rows.add(Figure.of(String.format("%s, %d thread%s, %s (ns/op, median (min–max))", label, threads, threads == 1 ? "" : "s",
                            store), target, m.toString(), "count " + count + " / time " + time,
                    Figure.ratio(m.ns, peer), holds));
        }
        return rows;
    }
}
