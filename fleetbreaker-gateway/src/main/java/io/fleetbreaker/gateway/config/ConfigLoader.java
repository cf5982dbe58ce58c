package io.fleetbreaker.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a gateway config: YAML (safe constructor only: no arbitrary types), {@code ${ENV}} expansion, validation.
 * Either answers a complete {@link GatewayConfig} or throws a {@link ConfigException} listing every problem.
 * Thread-safe (a new parser per call).
 */
public final class ConfigLoader {

    private final UnaryOperator<String> environment;

    public ConfigLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** A loader that expands from the process environment. */
    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public GatewayConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses config text; {@code source} names it in messages. */
    public GatewayConfig parse(String text, String source) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(source + " is not valid YAML: " + e.getProblem()
                    + (e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1)));
        } catch (YAMLException e) {
            throw new ConfigException(source + " is not valid YAML: " + e.getMessage());
        }
        if (tree == null) {
            throw new ConfigException(source + " is empty: it must define at least circuits");
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw new ConfigException(source + " must be a YAML mapping (instanceId, server, store, sync, admin,"
                    + " defaults, circuits) but was " + ConfigProblems.describe(tree));
        }
        ConfigProblems problems = new ConfigProblems();
        Map<?, ?> expanded = (Map<?, ?>) new EnvExpander(environment).expand(tree, "", problems);
        return GatewayConfigReader.read(expanded, problems).orElseThrow(() -> new ConfigException(problems.list()));
    }
}
