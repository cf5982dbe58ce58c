package io.fleetbreaker.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetbreaker.StoreFailurePolicy;
import io.fleetbreaker.gateway.config.StoreConfig.StoreType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of("MC", "10.0.0.1:11211,10.0.0.2:11211", "PORT", "9090",
            "TOKEN", "s3cret");
    private final ConfigLoader loader = new ConfigLoader(ENV::get);

    private static final String MINIMAL = """
            circuits:
              payment_gateway:
                upstream: http://127.0.0.1:9001
            """;

    private GatewayConfig parse(String yaml) throws ConfigException {
        return loader.parse(yaml, "test.yaml");
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected problems for:\n" + yaml).isNotNull();
        return e.problems();
    }

    /** A circuit with one extra line. */
    private static String circuitWith(String line) {
        return MINIMAL + "    " + line + "\n";
    }

    @Test
    void minimalConfig_getsSpecDefaults() throws Exception {
        GatewayConfig c = parse(MINIMAL);
        assertThat(c.instanceId()).isNull();
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 8080));
        assertThat(c.store().type()).isEqualTo(StoreType.MEMORY);
        assertThat(c.store().keyPrefix()).isEqualTo("fb");
        assertThat(c.store().requestTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.store().onFailure()).isEqualTo(StoreFailurePolicy.LOCAL);
        assertThat(c.syncInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.admin().enabled()).isFalse();
        CircuitConfig pg = c.circuits().get("payment_gateway");
        assertThat(pg.upstream().toString()).isEqualTo("http://127.0.0.1:9001");
        assertThat(pg.maxConcurrentCalls()).isEqualTo(100);
        assertThat(pg.failureStatuses().contains(503)).isTrue();
        assertThat(pg.failureStatuses().contains(408)).isTrue();
        assertThat(pg.failureStatuses().contains(429)).isTrue();
        assertThat(pg.failureStatuses().contains(404)).isFalse();
        assertThat(pg.breaker().timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void specExample_parsesEveryField() throws Exception {
        GatewayConfig c = parse("""
                instanceId: gw-1
                server: { host: 0.0.0.0, port: "${PORT}" }
                store:
                  type: memcached
                  servers: ["127.0.0.1:11211"]
                  keyPrefix: fleet-a
                  requestTimeout: 75ms
                  onFailure: reject
                sync: { interval: 250ms }
                admin: { token: "${TOKEN}" }
                defaults: { timeout: 3s, failureStatuses: [500, "502-504"] }
                circuits:
                  payment_gateway:
                    upstream: http://127.0.0.1:9001
                    timeout: 2s
                    maxConcurrentCalls: 7
                    failureThreshold: 5
                    failureRateThreshold: 50
                    minimumNumberOfCalls: 10
                    slowCallDurationThreshold: 1s
                    slowCallRateThreshold: 80
                    slidingWindow: 10s
                    openStateDuration: 10s
                    openStateBackoffMultiplier: 2
                    maxOpenStateDuration: 1m
                    halfOpenPermittedCalls: 2
                    halfOpenSuccessThreshold: 2
                  search:
                    upstream: https://search.example.com/api
                """);
        assertThat(c.instanceId()).isEqualTo("gw-1");
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090));
        assertThat(c.store()).isEqualTo(new StoreConfig(StoreType.MEMCACHED, List.of("127.0.0.1:11211"), "fleet-a",
                Duration.ofMillis(75), StoreFailurePolicy.REJECT));
        assertThat(c.syncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.admin().token()).isEqualTo("s3cret");
        assertThat(c.admin().toString()).doesNotContain("s3cret");
        CircuitConfig pg = c.circuits().get("payment_gateway");
        assertThat(pg.breaker().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pg.maxConcurrentCalls()).isEqualTo(7);
        assertThat(pg.breaker().failureThreshold()).isEqualTo(5);
        assertThat(pg.breaker().slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pg.breaker().openStateBackoffMultiplier()).isEqualTo(2.0);
        assertThat(pg.breaker().maxOpenStateDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pg.breaker().halfOpenPermittedCalls()).isEqualTo(2);
        assertThat(pg.failureStatuses().contains(503)).isTrue();
        assertThat(pg.failureStatuses().contains(505)).isFalse();
        assertThat(pg.failureStatuses().contains(429)).isFalse();
        assertThat(c.circuits().get("search").breaker().timeout()).as("inherited from defaults")
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(c.circuits().keySet()).containsExactly("payment_gateway", "search");
    }

    @Test
    void env_defaultsAndCommaSeparatedServers() throws Exception {
        GatewayConfig c = parse("""
                server: { port: "${UNSET_PORT:-8181}" }
                store: { servers: "${MC}" }
                admin: { token: "${UNSET_TOKEN:-}" }
                """ + MINIMAL);
        assertThat(c.server().port()).isEqualTo(8181);
        assertThat(c.store().type()).as("servers imply memcached").isEqualTo(StoreType.MEMCACHED);
        assertThat(c.store().servers()).containsExactly("10.0.0.1:11211", "10.0.0.2:11211");
        assertThat(c.admin().enabled()).as("empty token disables admin").isFalse();
    }

    @Test
    void env_unsetWithoutDefault_namesKeyAndVariable() {
        assertThat(problems("admin: { token: \"${NOPE}\" }\n" + MINIMAL))
                .containsExactly("admin.token uses ${NOPE} which is not set (write ${NOPE:-default} to give a default)");
    }

    @Test
    void durations_acceptEveryUnit() throws Exception {
        assertThat(parse(circuitWith("timeout: 250ms")).circuits().get("payment_gateway").breaker().timeout())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(parse(circuitWith("openStateDuration: 2m")).circuits().get("payment_gateway").breaker()
                .openStateDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(circuitWith("openStateDuration: 1h")).circuits().get("payment_gateway").breaker()
                .openStateDuration()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            failureThreshold: -1            | circuits.payment_gateway.failureThreshold must be at least 0 but was -1
            failureRateThreshold: 150       | circuits.payment_gateway.failureRateThreshold must be between 0 and 100 but was 150
            failureRateThreshold: fifty     | circuits.payment_gateway.failureRateThreshold must be a whole number but was "fifty"
            minimumNumberOfCalls: 0         | circuits.payment_gateway.minimumNumberOfCalls must be at least 1 but was 0
            slowCallRateThreshold: 2.5      | circuits.payment_gateway.slowCallRateThreshold must be a whole number but was 2.5
            halfOpenPermittedCalls: 5000    | circuits.payment_gateway.halfOpenPermittedCalls must be between 1 and 1000 but was 5000
            maxConcurrentCalls: 0           | circuits.payment_gateway.maxConcurrentCalls must be between 1 and 1000000 but was 0
            openStateBackoffMultiplier: 0.5 | circuits.payment_gateway.openStateBackoffMultiplier must be between 1 and 100 but was 0.5
            openStateBackoffMultiplier: x   | circuits.payment_gateway.openStateBackoffMultiplier must be a number but was "x"
            timeout: fast                   | circuits.payment_gateway.timeout must be a duration like 250ms, 10s or 2m but was "fast"
            timeout: 5                      | circuits.payment_gateway.timeout must be a duration like 250ms, 10s or 2m but was 5
            timeout: 0s                     | circuits.payment_gateway.timeout must be a positive duration like 250ms, 10s or 2m but was "0s"
            timeout: 1.5s                   | circuits.payment_gateway.timeout must be a duration like 250ms, 10s or 2m but was "1.5s"
            timeout:                        | circuits.payment_gateway.timeout must have a value but was empty
            slidingWindow: [1, 2]           | circuits.payment_gateway.slidingWindow must be a duration like 250ms, 10s or 2m but was a list
            failureStatuses: [500, abc]     | circuits.payment_gateway.failureStatuses[1] must be a status code 100-599 or a range like "500-599" but was "abc"
            failureStatuses: ["599-500"]    | circuits.payment_gateway.failureStatuses[0] must be a status code 100-599 or a range like "500-599" but was "599-500"
            failureStatuses: 700            | circuits.payment_gateway.failureStatuses must be a status code 100-599 or a range like "500-599" but was 700
            """)
    void badCircuitField_isReportedWithKeyValueAndRule(String line, String expected) {
        assertThat(problems(circuitWith(line))).containsExactly(expected);
    }

    @Test
    void unknownCircuitKey_listsKnownKeys() {
        assertThat(problems(circuitWith("retries: 3"))).singleElement().asString()
                .startsWith("circuits.payment_gateway.retries is not a known key (known: upstream, timeout, ")
                .contains("failureThreshold", "maxHalfOpenDuration");
    }

    @Test
    void builderRules_arePrefixedWithTheCircuitPath() {
        assertThat(problems(circuitWith("halfOpenSuccessThreshold: 5\n    halfOpenPermittedCalls: 2")))
                .containsExactly("circuits.payment_gateway.halfOpenSuccessThreshold must be between 1 and 2 but was 5");
        assertThat(problems(circuitWith("slidingWindow: 10s\n    windowBucket: 3s"))).singleElement().asString()
                .startsWith("circuits.payment_gateway.windowBucket must divide slidingWindow");
        assertThat(problems(circuitWith("slowCallRateThreshold: 50"))).singleElement().asString()
                .startsWith("circuits.payment_gateway.slowCallDurationThreshold must be set");
        assertThat(problems(circuitWith("failureRateThreshold: 0"))).singleElement().asString()
                .startsWith("circuits.payment_gateway.failureThreshold, failureRateThreshold or slowCallRateThreshold");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ftp://x:21                    | "ftp://x:21"
            127.0.0.1:9001                | "127.0.0.1:9001"
            /relative/path                | "/relative/path"
            http://h:1/a?b=c              | "http://h:1/a?b=c"
            'http://bad host'             | "http://bad host"
            """)
    void upstream_mustBeAbsoluteHttpUrl(String upstream, String shown) {
        String yaml = "circuits:\n  c:\n    upstream: " + upstream + "\n";
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("circuits.c.upstream must be an absolute http(s) URL").endsWith("but was " + shown);
    }

    @Test
    void missingUpstream_isRequired() {
        assertThat(problems("circuits:\n  c:\n    timeout: 1s\n"))
                .containsExactly("circuits.c.upstream is required (an absolute http(s) URL like http://127.0.0.1:9001)");
    }

    @Test
    void badCircuitNames_areRejected() {
        List<String> p = problems("""
                circuits:
                  "bad name!": { upstream: "http://a:1" }
                  ok.name-1_x: { upstream: "http://a:1" }
                  empty:
                """);
        assertThat(p).containsExactly(
                "circuits.bad name! is not a valid circuit name: it must match [A-Za-z0-9._-]{1,100}",
                "circuits.empty must be a mapping of circuit fields (at least upstream) but was empty");
        assertThat(problems("circuits:\n  " + "x".repeat(101) + ": { upstream: \"http://a:1\" }\n"))
                .singleElement().asString().contains("is not a valid circuit name");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        List<String> p = problems("""
                instanceId: "gw 1"
                color: blue
                server: { port: 70000, hots: x }
                store: { type: redis, requestTimeout: fast, onFailure: panic, keyPrefix: "a b" }
                sync: { interval: 0ms }
                defaults: { failureThreshold: -2, bogus: 1 }
                circuits:
                  a: { upstream: "http://a:1", timeout: soon }
                  b: { upstream: "nope" }
                """);
        assertThat(p).containsExactlyInAnyOrder(
                "instanceId must be an id matching [A-Za-z0-9._-]{1,100} but was \"gw 1\"",
                "color is not a known key (known: instanceId, server, store, sync, admin, defaults, circuits)",
                "server.hots is not a known key (known: host, port)",
                "server.port must be between 0 and 65535 but was 70000",
                "store.type must be one of memcached, memory but was \"redis\"",
                "store.keyPrefix must be a prefix matching [A-Za-z0-9._-]{1,50} but was \"a b\"",
                "store.requestTimeout must be a duration like 250ms, 10s or 2m but was \"fast\"",
                "store.onFailure must be one of local, allow, reject but was \"panic\"",
                "sync.interval must be a positive duration like 250ms, 10s or 2m but was \"0ms\"",
                "defaults.bogus is not a known key (known: " + String.join(", ", CircuitFieldsReader.KEYS) + ")",
                "defaults.failureThreshold must be at least 0 but was -2",
                "circuits.a.timeout must be a duration like 250ms, 10s or 2m but was \"soon\"",
                "circuits.b.upstream must be an absolute http(s) URL without query, like http://127.0.0.1:9001 or"
                        + " https://api.example.com/v1, but was \"nope\"");
    }

    @Test
    void store_memcachedNeedsServers_andServersMustBeHostPort() {
        assertThat(problems("store: { type: memcached }\n" + MINIMAL))
                .containsExactly("store.servers must list at least one host:port when store.type is memcached but was missing");
        assertThat(problems("store: { servers: [\"a:1\", \"nohost\", 5, \"b:99999\"] }\n" + MINIMAL)).containsExactly(
                "store.servers[1] must be a host:port like 127.0.0.1:11211 but was \"nohost\"",
                "store.servers[2] must be a host:port like 127.0.0.1:11211 but was 5",
                "store.servers[3] must be a host:port like 127.0.0.1:11211 but was \"b:99999\"");
    }

    @Test
    void sectionOfWrongType_isNamed() {
        assertThat(problems("server: [1, 2]\n" + MINIMAL))
                .containsExactly("server must be a mapping of keys to values but was a list");
        assertThat(problems("circuits: [a, b]\n")).containsExactly(
                "circuits must be a mapping of keys to values but was a list");
    }

    @Test
    void noCircuits_isAProblem() {
        assertThat(problems("server: { port: 1 }\n"))
                .containsExactly("circuits must define at least one circuit but was missing");
    }

    @Test
    void brokenYaml_and_nonMapping_and_empty_areReported() {
        assertThat(problems("circuits: [unclosed\n")).singleElement().asString().startsWith("test.yaml is not valid YAML");
        assertThat(problems("- a\n- b\n")).singleElement().asString().startsWith("test.yaml must be a YAML mapping");
        assertThat(problems("")).singleElement().asString().startsWith("test.yaml is empty");
        assertThat(problems("circuits: {}\ncircuits: {}\n")).singleElement().asString()
                .startsWith("test.yaml is not valid YAML").contains("duplicate key");
    }

    @Test
    void unsafeYamlTags_areRefused() {
        assertThat(problems("circuits: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n"))
                .singleElement().asString().startsWith("test.yaml is not valid YAML");
    }

    @Test
    void explicitEmptySlowThreshold_overridesDefault() throws Exception {
        GatewayConfig c = parse("""
                defaults: { slowCallDurationThreshold: 1s }
                circuits:
                  a: { upstream: "http://a:1", slowCallDurationThreshold: }
                  b: { upstream: "http://a:1" }
                """);
        assertThat(c.circuits().get("a").breaker().slowCallDurationThreshold()).isNull();
        assertThat(c.circuits().get("b").breaker().slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void loadFromFile_missingFileIsOneProblem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, MINIMAL);
        assertThat(loader.load(file).circuits()).containsKey("payment_gateway");
    }

    @Test
    void durationsFormat_roundTrips() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(null)).isNull();
    }
}
