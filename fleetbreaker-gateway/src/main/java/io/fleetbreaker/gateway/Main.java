package io.fleetbreaker.gateway;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetbreaker} command line: {@code serve}, {@code validate}, and the tools other modules add by class
 * name when they are on the classpath ({@code downstream}, {@code demo-scenario}). Errors are one line per problem,
 * never a stack trace. Exit codes: 0 ok, 1 runtime failure, 2 bad config or usage.
 */
@Command(name = "fleetbreaker", mixinStandardHelpOptions = true, version = "fleetbreaker 0.1.0",
        description = "A circuit breaker whose state is shared by a whole fleet through Memcached.",
        subcommands = {ServeCommand.class, ValidateCommand.class})
public final class Main implements Runnable {

    /** Optional subcommands, by name and class, registered when present. */
    private static final String[][] OPTIONAL = {
        {"downstream", "io.fleetbreaker.gateway.downstream.DownstreamCommand"},
        {"demo-scenario", "io.fleetbreaker.gateway.demo.DemoCommand"},
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, validate, ...)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also for tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (String[] sub : OPTIONAL) {
            try {
                cli.addSubcommand(sub[0], Class.forName(sub[1]).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                // not part of this build: the command is simply not offered
            }
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("fleetbreaker: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            err.flush();
            return 1;
        });
        return cli;
    }
}
