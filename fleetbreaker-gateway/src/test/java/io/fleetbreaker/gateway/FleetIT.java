package io.fleetbreaker.gateway;

import static io.fleetbreaker.gateway.support.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetbreaker.gateway.downstream.DownstreamMode;
import io.fleetbreaker.gateway.support.TestDownstream;
import io.fleetbreaker.gateway.support.TestGateway;
import io.fleetbreaker.testkit.MemcachedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three gateway instances in one JVM (each with its own Vert.x, registry and memcached client) sharing one real
 * memcached, in front of one real downstream: the fleet behaves as one breaker, and survives losing the store.
 */
class FleetIT {

    private static final int THRESHOLD = 5;
    private static final Duration BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final MemcachedServer MEMCACHED = new MemcachedServer();

    private static TestDownstream downstream;
    private final List<TestGateway> fleet = new ArrayList<>();

    @BeforeAll
    static void startDownstream() throws Exception {
        downstream = TestDownstream.start();
    }

    @AfterAll
    static void stopDownstream() throws Exception {
        downstream.close();
    }

    @BeforeEach
    void startFleet() throws Exception {
        downstream.mode(DownstreamMode.healthy());
        downstream.server().reset();
        String prefix = "fleetit" + System.nanoTime(); // each test its own keys in the shared memcached
        for (String id : List.of("gw-a", "gw-b", "gw-c")) {
            fleet.add(TestGateway.start("""
                    instanceId: %s
                    store:
                      type: memcached
                      servers: ["%s"]
                      keyPrefix: %s
                      requestTimeout: 200ms
                      onFailure: local
                    sync: { interval: 50ms }
                    circuits:
                      payments:
                        upstream: %s
                        timeout: 5s
                        failureThreshold: %d
                        openStateDuration: 1m
                    """.formatted(id, MEMCACHED.address(), prefix, downstream.url(), THRESHOLD), 1));
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(json(fleet.get(0).get("/api/v1/instances"))
                .getJsonArray("instances")).hasSize(3));
    }

    @AfterEach
    void stopFleet() throws Exception {
        for (TestGateway g : fleet) {
            g.close();
        }
        fleet.clear();
    }

    private static String state(TestGateway g) throws Exception {
        return json(g.get("/status")).getJsonObject("payments").getString("state");
    }

    @Test
    void failuresSeenThroughOneInstance_makeTheOthersReject() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 500));
        TestGateway a = fleet.get(0);
        int failures = 0;
        HttpResponse<String> r = a.get("/proxy/payments/charge");
        while (r.statusCode() == 500 && failures < 50) {
            failures++;
            r = a.get("/proxy/payments/charge");
        }
        assertThat(failures).as("failures before the fleet tripped").isEqualTo(THRESHOLD);
        assertThat(r.statusCode()).isEqualTo(503);

        for (TestGateway other : fleet.subList(1, 3)) {
            await().atMost(BOUND).until(() -> state(other).equals("OPEN"));
            HttpResponse<String> rejected = other.get("/proxy/payments/charge");
            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(json(rejected).getString("error")).isEqualTo("circuit_open");
            assertThat(rejected.headers().firstValue("X-Fleetbreaker-Instance")).hasValueSatisfying(
                    id -> assertThat(id).isIn("gw-b", "gw-c"));
        }
        assertThat(downstream.server().requests()).as("only the tripping calls reached the downstream")
                .isEqualTo(THRESHOLD);
    }

    @Test
    void concurrentFailuresOnEveryInstance_stayUnderThresholdPlusInstances() throws Exception {
        downstream.mode(DownstreamMode.failing(1.0, 500));
        ExecutorService clients = Executors.newFixedThreadPool(fleet.size());
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (TestGateway g : fleet) {
                statuses.add(clients.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        int status = g.get("/proxy/payments/charge").statusCode();
                        if (status == 503) {
                            return status;
                        }
                    }
                    return 500;
                }));
            }
            for (Future<Integer> s : statuses) {
                assertThat(s.get(30, TimeUnit.SECONDS)).as("every instance ends up rejecting").isEqualTo(503);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(downstream.server().requests()).as("the fleet-wide herd")
                .isBetween((long) THRESHOLD, (long) THRESHOLD + fleet.size());
    }

    @Test
    void memcachedStopped_gatewaysKeepAnsweringDegraded_andRejoinWhenItIsBack() throws Exception {
        for (TestGateway g : fleet) {
            assertThat(g.get("/proxy/payments/ok").statusCode()).isEqualTo(200);
        }
        MEMCACHED.kill();
        for (TestGateway g : fleet) {
            await().atMost(BOUND).until(() -> json(g.get("/status")).getJsonObject("payments").getString("store")
                    .equals("degraded"));
            assertThat(g.get("/proxy/payments/still-ok").statusCode()).as("local mode still serves").isEqualTo(200);
            assertThat(g.get("/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = g.get("/health/ready");
            assertThat(ready.statusCode()).as("onFailure local stays ready").isEqualTo(200);
            assertThat(json(ready).getString("store")).isEqualTo("degraded");
            assertThat(g.get("/metrics").body()).contains("fleetbreaker_store_degraded 1");
            assertThat(g.get("/api/v1/circuits").statusCode()).isEqualTo(200);
        }
        MEMCACHED.start();
        for (TestGateway g : fleet) {
            await().atMost(BOUND).until(() -> json(g.get("/status")).getJsonObject("payments").getString("store")
                    .equals("ok"));
            assertThat(g.get("/proxy/payments/back").statusCode()).isEqualTo(200);
        }
    }
}
