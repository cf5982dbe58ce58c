package io.fleetbreaker.gateway;

import io.fleetbreaker.gateway.config.ConfigException;
import io.fleetbreaker.gateway.config.ConfigLoader;
import io.fleetbreaker.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleetbreaker validate --config FILE}: prints {@code ok: N circuits} (exit 0) or every problem (exit 2). */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file: print every problem and exit 2, or print 'ok: N circuits'.")
final class ValidateCommand implements Callable<Integer> {

    static final int BAD_CONFIG = 2;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML config file.")
    Path config;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            GatewayConfig c = ConfigLoader.fromSystemEnvironment().load(config);
            spec.commandLine().getOut().println("ok: " + c.circuits().size() + " circuit"
                    + (c.circuits().size() == 1 ? "" : "s"));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            printProblems(spec.commandLine().getErr(), config, e);
            return BAD_CONFIG;
        }
    }

    static void printProblems(java.io.PrintWriter err, Path file, ConfigException e) {
        err.println("fleetbreaker: " + file + " has " + e.problems().size() + " problem"
                + (e.problems().size() == 1 ? "" : "s") + ":");
        e.problems().forEach(p -> err.println("  - " + p));
        err.flush();
    }
}
