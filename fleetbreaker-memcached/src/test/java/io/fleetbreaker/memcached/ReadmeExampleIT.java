package io.fleetbreaker.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Permit;
import io.fleetbreaker.Rejection;
import io.fleetbreaker.testkit.MemcachedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library example in README.md: this file holds it as compiled code, one test checks that the README shows exactly
 * these lines, the other runs them against a real memcached.
 */
class ReadmeExampleIT {

    @RegisterExtension
    static final MemcachedServer memcached = new MemcachedServer();

    private final AtomicInteger charges = new AtomicInteger();
    private String lastRejection;

    private String charge() {
        if (charges.incrementAndGet() > 2) {
            throw new IllegalStateException("payment API down");
        }
        return "receipt";
    }

    private CircuitBreaker example(String server) throws Exception {
        // example:start
        MemcachedStateStore store = MemcachedStateStore.connect(List.of(server));  // e.g. "127.0.0.1:11211"
        store.whenConnected().toCompletableFuture().get(2, TimeUnit.SECONDS);   // connect() never blocks
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder(store).instanceId("checkout-1").build().start();
        CircuitBreaker payments = registry.circuitBreaker("payment_gateway", CircuitBreakerConfig.builder()
                .failureThreshold(5).openStateDuration(Duration.ofSeconds(10)).halfOpenPermittedCalls(2).build());

        for (int i = 0; i < 10; i++) {
            Admission admission = payments.tryAcquirePermission();    // no store round trip in CLOSED or OPEN
            if (admission instanceof Permit permit) {
                long start = System.nanoTime();
                try {
                    String receipt = charge();                        // your call
                    permit.onSuccess(Duration.ofNanos(System.nanoTime() - start));
                } catch (RuntimeException e) {
                    permit.onFailure(Duration.ofNanos(System.nanoTime() - start), e)
                            .toCompletableFuture().join();               // back once the fleet has counted it
                }
            } else {
                Rejection rejection = (Rejection) admission;          // OPEN fleet-wide: don't call, retry later
                lastRejection = rejection.reason() + " retry after " + rejection.retryAfter();
            }
        }
        // example:end
        return payments;
    }

    @Test
    void readme_showsExactlyTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/fleetbreaker/memcached/ReadmeExampleIT.java"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(normalise(between(readme, "<!-- example:start -->\n```java\n", "```\n<!-- example:end -->")))
                .isEqualTo(normalise(between(source, "// example:start\n", "        // example:end")));
    }

    @Test
    void example_againstRealMemcached_tripsAfterFiveFailures() throws Exception {
        CircuitBreaker payments = example(memcached.address());
        assertThat(payments.state()).isEqualTo(CircuitState.OPEN);
        assertThat(charges.get()).as("2 successes, 5 failures, then rejected").isEqualTo(7);
        assertThat(lastRejection).startsWith("CIRCUIT_OPEN retry after");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from + 1);
        assertThat(from).as("marker %s", start.trim()).isGreaterThanOrEqualTo(0);
        assertThat(to).as("marker %s", end.trim()).isGreaterThan(from);
        return text.substring(from + start.length(), to);
    }

    /** Same lines, ignoring the indentation of the enclosing method. */
    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
