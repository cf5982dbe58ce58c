package io.fleetbreaker.gateway.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp fleetbreaker.jar io.fleetbreaker.gateway.demo.TrickleCommand}: the demo's background traffic after
 * the story ({@code deploy/demo.sh} starts it and stops it by PID). Runs until the process is stopped.
 */
@Command(name = "demo-trickle", mixinStandardHelpOptions = true,
        description = "Send a light, steady load through the demo entry point, spread over circuits, until stopped.")
public final class TrickleCommand implements Callable<Integer> {

    @Option(names = "--entry", required = true, description = "Entry point, e.g. https://localhost:8443.")
    String entry;

    @Option(names = "--circuit", required = true, description = "A circuit to send through; repeat for each.")
    List<String> circuits;

    @Option(names = "--path", description = "Path requested behind each circuit. Default: ${DEFAULT-VALUE}.")
    String path = "/trickle";

    @Option(names = "--rate", description = "Requests per second, all circuits together. Default: ${DEFAULT-VALUE}.")
    double rate = 5;

    @Option(names = "--report-s", description = "Seconds between two summary lines. Default: ${DEFAULT-VALUE}.")
    long reportSeconds = 30;

    @Override
    public Integer call() throws InterruptedException {
        String base = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        String suffix = path.startsWith("/") ? path : "/" + path;
        List<String> urls = circuits.stream().map(c -> base + "/proxy/" + c + suffix).toList();
        System.out.printf("trickle: %.1f requests/s through %s, in turn to %s; stop with SIGTERM%n", rate, base,
                urls);
        Trickle trickle = new Trickle(new DemoHttp(Duration.ofSeconds(5)), urls, System.out)
                .start(rate, Duration.ofSeconds(reportSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            trickle.close();
            stopped.countDown();
        }, "trickle-stop"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrickleCommand()).execute(args));
    }
}
