package io.fleetbreaker.bench;

import io.fleetbreaker.Admission;
import io.fleetbreaker.CircuitBreaker;
import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitBreakerRegistry;
import io.fleetbreaker.CircuitState;
import io.fleetbreaker.Permit;
import io.fleetbreaker.memcached.MemcachedStateStore;
import io.fleetbreaker.store.InMemoryStateStore;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.testkit.MemcachedServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path: one call's admission plus its outcome in CLOSED, and one rejection in OPEN, for Fleetbreaker on
 * memcached (a real server, background sync running), Fleetbreaker on the in-memory store, and Resilience4j 2.4.0
 * with a count window of 100 and a time window of 10 s. The breakers are shared ({@link Scope#Benchmark}), so the
 * 2-thread runs contend on them, as requests of one gateway do.
 *
 * <p>Both libraries get the same call shape: no clock is read by the benchmark (the call took a fixed 1 µs), and
 * rejections are returned values, not exceptions ({@code tryAcquirePermission()} on both sides).
 * <pre>
 *   java -jar fleetbreaker-bench/target/benchmarks.jar HotPathBenchmark -t 1
 *   java -jar fleetbreaker-bench/target/benchmarks.jar HotPathBenchmark -t 2
 * </pre>
 * Settings here are the full ones; {@link BenchMain} overrides them for the quick run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotPathBenchmark {

    /** The implementations compared. */
    public enum Subject {
        FLEETBREAKER_MEMCACHED,
        FLEETBREAKER_IN_MEMORY,
        R4J_COUNT_WINDOW,
        R4J_TIME_WINDOW
    }

    @Param
    public Subject subject;

    private Breakers breakers;

    @Setup(Level.Trial)
    public void setUp() {
        breakers = switch (subject) {
            case FLEETBREAKER_MEMCACHED -> new FleetBreakers(true);
            case FLEETBREAKER_IN_MEMORY -> new FleetBreakers(false);
            case R4J_COUNT_WINDOW -> new R4jBreakers(SlidingWindowType.COUNT_BASED, 100);
            case R4J_TIME_WINDOW -> new R4jBreakers(SlidingWindowType.TIME_BASED, 10);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        breakers.close();
    }

    /** CLOSED: acquire permission, then record a success. */
    @Benchmark
    public Object closedAcquireAndSucceed() {
        return breakers.closedCall();
    }

    /** OPEN: the rejection. */
    @Benchmark
    public Object openRejected() {
        return breakers.openCall();
    }

    /** One subject: a CLOSED breaker and an OPEN one. */
    abstract static class Breakers implements AutoCloseable {
        abstract Object closedCall();

        abstract Object openCall();

        @Override
        public abstract void close();
    }

    static final class FleetBreakers extends Breakers {
        private static final Duration ONE_MICRO = Duration.ofNanos(1000);
        private final MemcachedServer server;
        private final StateStore store;
        private final CircuitBreakerRegistry registry;
        private final CircuitBreaker closed;
        private final CircuitBreaker open;

        FleetBreakers(boolean memcached) {
            if (memcached) {
                server = new MemcachedServer();
                server.start();
                MemcachedStateStore mc = MemcachedStateStore.connect(List.of(server.address()));
                mc.whenConnected().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
                store = mc;
            } else {
                server = null;
                store = new InMemoryStateStore();
            }
            registry = CircuitBreakerRegistry.builder(store).instanceId("bench").build().start();
            closed = registry.circuitBreaker("closed", CircuitBreakerConfig.ofDefaults());
            open = registry.circuitBreaker("open", CircuitBreakerConfig.builder().failureThreshold(1)
                    .openStateDuration(Duration.ofHours(1)).build());
            awaitGeneration(closed);
            awaitGeneration(open);
            awaitNormal(registry);
            // A failure trips it; on a loaded box a store request can time out and leave it CLOSED: try again.
            for (int attempt = 0; attempt < 50 && open.state() != CircuitState.OPEN; attempt++) {
                awaitNormal(registry);
                if (open.tryAcquirePermission() instanceof Permit p) {
                    p.onFailure(ONE_MICRO, null).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
                }
                LockSupport.parkNanos(100_000_000);
            }
            awaitNormal(registry);
            if (closed.state() != CircuitState.CLOSED || open.state() != CircuitState.OPEN) {
                throw new IllegalStateException("set-up failed: closed is " + closed.state() + ", open is "
                        + open.state());
            }
        }

        /** A first request on a cold JVM can exceed store.requestTimeout: measure only once the store is back. */
        private static void awaitNormal(CircuitBreakerRegistry registry) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.isDegraded() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000);
            }
        }

        private static void awaitGeneration(CircuitBreaker cb) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (cb.generation() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("circuit " + cb.name() + " never read its record");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        Object closedCall() {
            Admission a = closed.tryAcquirePermission();
            return a instanceof Permit p ? p.onSuccess(ONE_MICRO) : a;
        }

        @Override
        Object openCall() {
            return open.tryAcquirePermission();
        }

        @Override
        public void close() {
            registry.close();
            store.close();
            if (server != null) {
                server.close();
            }
        }
    }

    static final class R4jBreakers extends Breakers {
        private final io.github.resilience4j.circuitbreaker.CircuitBreaker closed;
        private final io.github.resilience4j.circuitbreaker.CircuitBreaker open;

        R4jBreakers(SlidingWindowType type, int size) {
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig config =
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom().slidingWindowType(type)
                            .slidingWindowSize(size).minimumNumberOfCalls(100).failureRateThreshold(50)
                            .waitDurationInOpenState(Duration.ofHours(1)).build();
            closed = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("closed", config);
            open = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("open", config);
            open.transitionToOpenState();
        }

        @Override
        Object closedCall() {
            closed.acquirePermission();
            closed.onSuccess(1000, TimeUnit.NANOSECONDS);
            return closed;
        }

        @Override
        Object openCall() {
            return open.tryAcquirePermission();
        }

        @Override
        public void close() {
        }
    }
}
