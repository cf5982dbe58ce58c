package io.fleetbreaker.gateway.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fleetbreaker demo-scenario}: tells the first-issue story against a running fleet (started by
 * {@code deploy/demo.sh}) and checks it: the trip reaches every instance, the herd of failing requests stays within
 * failureThreshold + instances, HALF_OPEN admits at most halfOpenPermittedCalls probes fleet-wide, and every instance
 * is CLOSED at the end. Exit code 0 when every check passed, 1 when one failed, 2 when the fleet was unreachable.
 */
@Command(name = "demo-scenario", mixinStandardHelpOptions = true,
        description = "Drive the demo story through a running fleet and print a timestamped timeline.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--entry", description = "Entry point the client traffic goes through, e.g. https://localhost:8443 "
            + "(Caddy with its internal CA: trusted for this demo only). Without it, traffic goes to the gateways.")
    String entry;

    @Option(names = "--gateway", required = true, description = "A gateway instance, e.g. http://127.0.0.1:18081; "
            + "repeat for each instance. Their /status is read directly.")
    List<String> gateways;

    @Option(names = "--downstream", required = true, description = "The downstream simulator behind the circuit, "
            + "e.g. http://127.0.0.1:9001.")
    String downstream;

    @Option(names = "--circuit", description = "Circuit to exercise. Default: ${DEFAULT-VALUE}.")
    String circuit = "payment_gateway";

    @Option(names = "--path", description = "Path requested behind the circuit. Default: ${DEFAULT-VALUE}.")
    String path = "/charge";

    @Option(names = "--pace-ms", description = "Pause between two requests of one client. Default: ${DEFAULT-VALUE}.")
    long paceMillis = 20;

    @Option(names = "--healthy-ms", description = "How long the healthy phases last. Default: ${DEFAULT-VALUE}.")
    long healthyMillis = 2000;

    @Option(names = "--recovery-latency-ms", description = "Latency of the recovering downstream, so HALF_OPEN is "
            + "visible. Must stay below the circuit's timeout. Default: ${DEFAULT-VALUE}.")
    long recoveryLatencyMillis = 1000;

    @Option(names = "--failure-threshold", description = "Used when the gateway API does not report the circuit's "
            + "config. Default: ${DEFAULT-VALUE}.")
    int failureThreshold = 5;

    @Option(names = "--half-open-permitted-calls", description = "Used when the gateway API does not report the "
            + "circuit's config. Default: ${DEFAULT-VALUE}.")
    int halfOpenPermittedCalls = 2;

    @Option(names = "--open-state-duration-ms", description = "Used when the gateway API does not report the "
            + "circuit's config. Default: ${DEFAULT-VALUE}.")
    long openStateDurationMillis = 5000;

    @Option(names = "--startup-timeout-s", description = "How long to wait for the fleet to be ready. "
            + "Default: ${DEFAULT-VALUE}.")
    long startupTimeoutSeconds = 60;

    /** Where the timeline goes; tests replace it. */
    java.io.PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long startNanos = System.nanoTime();
        long startEpoch = System.currentTimeMillis();
        out.printf("Fleetbreaker demo scenario, started %s; times are relative to the start%n",
                Instant.ofEpochMilli(startEpoch));
        Timeline timeline = new Timeline(out, startNanos);
        DemoScenario.Settings settings = new DemoScenario.Settings(trim(entry), gateways.stream().map(DemoCommand::trim)
                .toList(), trim(downstream), circuit, path.startsWith("/") ? path : "/" + path, paceMillis,
                Duration.ofMillis(healthyMillis), Duration.ofMillis(recoveryLatencyMillis), failureThreshold,
                halfOpenPermittedCalls, Duration.ofMillis(openStateDurationMillis),
                Duration.ofSeconds(startupTimeoutSeconds));
        DemoHttp http = new DemoHttp(Duration.ofSeconds(10));
        return new DemoScenario(settings, http, timeline, startEpoch, startNanos).run();
    }

    private static String trim(String url) {
        if (url == null) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Runs the scenario without the rest of the CLI: {@code java -cp fleetbreaker.jar ...DemoCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }
}
