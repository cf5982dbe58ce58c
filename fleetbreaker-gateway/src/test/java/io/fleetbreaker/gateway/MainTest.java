package io.fleetbreaker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validate_goodConfig_printsCircuitCount_andExits0(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"),
                "circuits:\n  a: { upstream: \"http://a:1\" }\n  b: { upstream: \"http://b:1\" }\n");
        assertThat(run("validate", "--config", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("ok: 2 circuits" + System.lineSeparator());
    }

    @Test
    void validate_badConfig_printsEveryProblem_andExits2(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"),
                "circuits:\n  a: { upstream: \"ftp://a\", failureThreshold: -1, retries: 3 }\n");
        assertThat(run("validate", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("has 3 problems", "circuits.a.upstream", "circuits.a.failureThreshold",
                "circuits.a.retries").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validate_missingFile_exits2_withoutStackTrace(@TempDir Path dir) {
        assertThat(run("validate", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist").doesNotContain("\tat ");
    }

    @Test
    void serve_badConfig_exits2_withTheProblems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "server: { port: -5 }\ncircuits: {}\n");
        assertThat(run("serve", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("server.port must be between 0 and 65535 but was -5",
                "circuits must define at least one circuit");
    }

    @Test
    void serve_badOptions_exit2() throws Exception {
        assertThat(run("serve", "--config", "x.yaml", "--instance-id", "bad id")).isEqualTo(2);
        assertThat(err.toString()).contains("--instance-id must match");
    }

    @Test
    void noCommand_isAUsageError_andDeployCommandsAreRegistered() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required");
        assertThat(Main.commandLine().getSubcommands()).containsKeys("serve", "validate", "downstream");
    }

    @Test
    void defaultEventLoops_isHalfTheCpusAtLeastOne() {
        assertThat(ServeCommand.defaultEventLoops())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }
}
