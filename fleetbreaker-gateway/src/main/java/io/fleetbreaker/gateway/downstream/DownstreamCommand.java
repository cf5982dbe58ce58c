package io.fleetbreaker.gateway.downstream;

import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleetbreaker downstream --port N}: runs the {@link DownstreamServer} until SIGTERM or Ctrl-C. The mode can be
 * changed at run time through {@code POST /__control/mode}; the options only choose the mode it starts in.
 */
@Command(name = "downstream", mixinStandardHelpOptions = true,
        description = {"Run a controllable flaky HTTP service for demos and tests.",
                "Change its behaviour at run time: POST /__control/mode with {\"mode\":\"healthy\"}, "
                        + "{\"mode\":\"failing\",\"rate\":1.0,\"status\":500}, {\"mode\":\"slow\",\"latencyMs\":2000}, "
                        + "{\"mode\":\"hanging\"} or {\"mode\":\"refusing\"}; GET /__control shows the counts."})
public final class DownstreamCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = 9001;

    @Option(names = "--host", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host = "127.0.0.1";

    @Option(names = "--mode", description = "Mode to start in: healthy, failing, slow, hanging, refusing. "
            + "Default: ${DEFAULT-VALUE}.")
    String mode = "healthy";

    @Option(names = "--rate", description = "Fraction of requests that fail in failing mode (0.0-1.0). "
            + "Default: ${DEFAULT-VALUE}.")
    double rate = DownstreamMode.DEFAULT_RATE;

    @Option(names = "--status", description = "Status of a failing answer. Default: ${DEFAULT-VALUE}.")
    int status = DownstreamMode.DEFAULT_STATUS;

    @Option(names = "--latency-ms", description = "Delay of a slow answer in milliseconds. Default: ${DEFAULT-VALUE}.")
    long latencyMs = DownstreamMode.DEFAULT_LATENCY_MS;

    @Override
    public Integer call() throws Exception {
        DownstreamMode initial;
        try {
            initial = DownstreamMode.fromJson(new io.vertx.core.json.JsonObject()
                    .put("mode", mode).put("rate", rate).put("status", status).put("latencyMs", latencyMs));
        } catch (IllegalArgumentException e) {
            System.err.println("downstream: " + e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        DownstreamServer server;
        try {
            server = DownstreamServer.start(vertx, host, port).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("downstream: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close();
            return 1;
        }
        server.mode(initial);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "downstream-shutdown"));
        System.out.printf("downstream simulator on http://%s:%d (mode %s); control: GET/POST /__control; Ctrl-C stops%n",
                host, server.port(), initial.mode().wireName());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Runs the simulator without the rest of the CLI: {@code java -cp fleetbreaker.jar ...DownstreamCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DownstreamCommand()).execute(args));
    }
}
