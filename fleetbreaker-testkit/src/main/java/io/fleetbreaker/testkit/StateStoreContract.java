package io.fleetbreaker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have, because the core builds all fleet semantics on it. A store's test
 * extends this class and supplies the store and a way to let a lifetime pass.
 *
 * <p>Each test uses its own keys (a random prefix per test instance), so a store may be shared by all tests of a class.
 * Concurrency tests use a start latch so the threads really race; nothing here sleeps.
 */
public abstract class StateStoreContract {

    /** How long any single store call may take in these tests before it counts as hanging. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The shortest lifetime a whole-second store can honour; TTL tests use it. */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(1);
    protected static final Duration LONG_TTL = Duration.ofHours(1);

    private static final int THREADS = 8;
    // Shared by every contract test in the JVM; daemon threads, so it never keeps the JVM alive.
    private static final ExecutorService RACERS = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "store-contract-racer");
        t.setDaemon(true);
        return t;
    });

    private final String prefix = "contract:" + UUID.randomUUID().toString().substring(0, 8) + ":";

    /** The store under test, ready to answer. */
    protected abstract StateStore store();

    /**
     * Returns once {@code key}, last given lifetime {@code ttl}, has expired: a store on an injected clock advances it
     * by {@code ttl}; a real store waits, bounded, until the key is gone (failing the test if it never goes).
     */
    protected abstract void awaitExpired(String key, Duration ttl);

    /** A key unique to this test. */
    protected String key(String name) {
        return prefix + name;
    }

    // ---- get / add -------------------------------------------------------------------------------------------

    @Test
    void get_missingKey_returnsNull() {
        assertThat(result(store().get(key("nothing")))).isNull();
    }

    @Test
    void add_missingKey_storesValue() {
        String k = key("fresh");

        assertThat(result(store().add(k, "v1", LONG_TTL))).isTrue();

        assertThat(result(store().get(k)).value()).isEqualTo("v1");
    }

    @Test
    void add_existingKey_returnsFalseAndKeepsValue() {
        String k = key("taken");
        result(store().add(k, "first", LONG_TTL));

        assertThat(result(store().add(k, "second", LONG_TTL))).isFalse();

        assertThat(result(store().get(k)).value()).isEqualTo("first");
    }

    @Test
    void add_zeroTtl_storesValue() {
        String k = key("forever");

        assertThat(result(store().add(k, "v", Duration.ZERO))).isTrue();

        assertThat(result(store().get(k)).value()).isEqualTo("v");
    }

    @Test
    void add_ttlPassed_keyIsGoneAndCanBeAddedAgain() {
        String k = key("short-lived");
        result(store().add(k, "old", SHORT_TTL));

        awaitExpired(k, SHORT_TTL);

        assertThat(result(store().get(k))).isNull();
        assertThat(result(store().add(k, "new", LONG_TTL))).isTrue();
        assertThat(result(store().get(k)).value()).isEqualTo("new");
    }

    // ---- compareAndSet ---------------------------------------------------------------------------------------

    @Test
    void compareAndSet_freshToken_storesAndChangesToken() {
        String k = key("cas-fresh");
        result(store().add(k, "v1", LONG_TTL));
        Versioned read = result(store().get(k));

        assertThat(result(store().compareAndSet(k, read.cas(), "v2", LONG_TTL))).isEqualTo(CasResult.STORED);

        Versioned after = result(store().get(k));
        assertThat(after.value()).isEqualTo("v2");
        assertThat(after.cas()).isNotEqualTo(read.cas());
    }

    @Test
    void compareAndSet_staleToken_conflictsAndKeepsValue() {
        String k = key("cas-stale");
        result(store().add(k, "v1", LONG_TTL));
        Versioned stale = result(store().get(k));
        assertThat(result(store().compareAndSet(k, stale.cas(), "v2", LONG_TTL))).isEqualTo(CasResult.STORED);

        assertThat(result(store().compareAndSet(k, stale.cas(), "v3", LONG_TTL))).isEqualTo(CasResult.CONFLICT);

        assertThat(result(store().get(k)).value()).isEqualTo("v2");
    }

    @Test
    void compareAndSet_missingKey_notFound() {
        String k = key("cas-missing");

        assertThat(result(store().compareAndSet(k, 1, "v", LONG_TTL))).isEqualTo(CasResult.NOT_FOUND);

        assertThat(result(store().get(k))).isNull();
    }

    @Test
    void compareAndSet_expiredKey_notFound() {
        String k = key("cas-expired");
        result(store().add(k, "v1", SHORT_TTL));
        Versioned read = result(store().get(k));

        awaitExpired(k, SHORT_TTL);

        assertThat(result(store().compareAndSet(k, read.cas(), "v2", LONG_TTL))).isEqualTo(CasResult.NOT_FOUND);
    }

    @Test
    void compareAndSet_shortTtl_replacesLifetime() {
        String k = key("cas-ttl");
        result(store().add(k, "v1", LONG_TTL));
        Versioned read = result(store().get(k));

        assertThat(result(store().compareAndSet(k, read.cas(), "v2", SHORT_TTL))).isEqualTo(CasResult.STORED);

        awaitExpired(k, SHORT_TTL);
        assertThat(result(store().get(k))).isNull();
    }

    // ---- increment -------------------------------------------------------------------------------------------

    @Test
    void increment_missingKey_createsWithDelta() {
        String k = key("ctr-new");

        assertThat(result(store().increment(k, 5, LONG_TTL))).isEqualTo(5L);

        assertThat(result(store().get(k)).value()).isEqualTo("5");
    }

    @Test
    void increment_existingCounter_addsDelta() {
        String k = key("ctr");
        result(store().increment(k, 5, LONG_TTL));

        assertThat(result(store().increment(k, 3, LONG_TTL))).isEqualTo(8L);
        assertThat(result(store().increment(k, 0, LONG_TTL))).isEqualTo(8L);
    }

    @Test
    void increment_counterAddedAsText_countsFromIt() {
        String k = key("ctr-added");
        result(store().add(k, "41", LONG_TTL));

        assertThat(result(store().increment(k, 1, LONG_TTL))).isEqualTo(42L);
    }

    @Test
    void increment_existingCounter_keepsItsCreationTtl() {
        String k = key("ctr-ttl");
        result(store().increment(k, 1, SHORT_TTL));

        // A later ttlOnCreate must not extend the counter's life: buckets must age out on schedule.
        assertThat(result(store().increment(k, 1, LONG_TTL))).isEqualTo(2L);

        awaitExpired(k, SHORT_TTL);
        assertThat(result(store().get(k))).isNull();
        assertThat(result(store().increment(k, 7, LONG_TTL))).isEqualTo(7L);
    }

    @Test
    void increment_nonNumericValue_failsWithStoreException() {
        String k = key("not-a-number");
        result(store().add(k, "{\"state\":\"OPEN\"}", LONG_TTL));

        assertThat(store().increment(k, 1, LONG_TTL))
                .failsWithin(CALL_TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreException.class);

        assertThat(result(store().get(k)).value()).isEqualTo("{\"state\":\"OPEN\"}");
    }

    @Test
    void increment_afterFailedIncrement_storeStillAnswers() {
        String bad = key("bad");
        String good = key("good");
        result(store().add(bad, "x", LONG_TTL));
        assertThat(store().increment(bad, 1, LONG_TTL)).failsWithin(CALL_TIMEOUT);

        assertThat(result(store().increment(good, 1, LONG_TTL))).isEqualTo(1L);
    }

    @Test
    void increment_changesCasToken() {
        String k = key("ctr-cas");
        result(store().increment(k, 1, LONG_TTL));
        Versioned before = result(store().get(k));

        result(store().increment(k, 1, LONG_TTL));

        assertThat(result(store().compareAndSet(k, before.cas(), "0", LONG_TTL))).isEqualTo(CasResult.CONFLICT);
    }

    // ---- delete ----------------------------------------------------------------------------------------------

    @Test
    void delete_matchingCas_deletesKey() {
        String k = key("del");
        result(store().add(k, "v", LONG_TTL));
        Versioned read = result(store().get(k));

        assertThat(result(store().delete(k, read.cas()))).isTrue();

        assertThat(result(store().get(k))).isNull();
        assertThat(result(store().add(k, "again", LONG_TTL))).isTrue();
    }

    @Test
    void delete_wrongCas_keepsKey() {
        String k = key("del-wrong");
        result(store().add(k, "v", LONG_TTL));
        Versioned read = result(store().get(k));

        assertThat(result(store().delete(k, read.cas() + 1000))).isFalse();

        assertThat(result(store().get(k))).isEqualTo(read);
    }

    @Test
    void delete_missingKey_returnsFalse() {
        assertThat(result(store().delete(key("del-missing"), 1))).isFalse();
    }

    // ---- getAll ----------------------------------------------------------------------------------------------

    @Test
    void getAll_someKeysMissing_leavesThemOut() {
        String a = key("a");
        String b = key("b");
        String missing = key("missing");
        result(store().add(a, "1", LONG_TTL));
        result(store().add(b, "2", LONG_TTL));

        Map<String, Versioned> found = result(store().getAll(List.of(a, missing, b)));

        assertThat(found).containsOnlyKeys(a, b);
        assertThat(found.get(a)).isEqualTo(result(store().get(a)));
        assertThat(found.get(b).value()).isEqualTo("2");
    }

    @Test
    void getAll_emptyList_returnsEmptyMap() {
        assertThat(result(store().getAll(List.of()))).isEmpty();
    }

    @Test
    void getAll_moreKeysThanOneRequestHolds_returnsEveryPresentKey() {
        // Memcached clients split multi-gets (folsom at 255 keys); the result must still be complete.
        List<String> keys = IntStream.range(0, 600).mapToObj(i -> key("many-" + i)).toList();
        for (int i = 0; i < keys.size(); i += 2) {
            result(store().add(keys.get(i), Integer.toString(i), LONG_TTL));
        }

        Map<String, Versioned> found = result(store().getAll(keys));

        assertThat(found).hasSize(300);
        assertThat(found.get(keys.get(598)).value()).isEqualTo("598");
        assertThat(found).doesNotContainKey(keys.get(599));
    }

    // ---- concurrency -----------------------------------------------------------------------------------------

    @Test
    void increment_eightThreadsOnOneKey_sumIsExact() {
        String k = key("race-incr");

        race(() -> {
            for (int i = 0; i < 500; i++) {
                result(store().increment(k, 1, LONG_TTL));
            }
            return null;
        });

        assertThat(result(store().get(k)).value()).isEqualTo(Integer.toString(THREADS * 500));
    }

    @Test
    void increment_eightThreadsCreatingTheSameKeys_noIncrementLost() {
        // Every thread hits every key while it is still missing: the create path (incr, add, incr) must not lose any.
        List<String> keys = IntStream.range(0, 100).mapToObj(i -> key("race-create-" + i)).toList();

        race(() -> {
            for (String k : keys) {
                result(store().increment(k, 1, LONG_TTL));
            }
            return null;
        });

        Map<String, Versioned> found = result(store().getAll(keys));
        assertThat(found).hasSize(keys.size());
        assertThat(found.values()).extracting(Versioned::value).containsOnly(Integer.toString(THREADS));
    }

    @Test
    void add_eightThreadsOnOneKey_exactlyOneWins() {
        String k = key("race-add");

        List<Boolean> results = race(() -> result(store().add(k, Thread.currentThread().getName(), LONG_TTL)));

        assertThat(results).containsOnlyOnce(true);
    }

    @Test
    void compareAndSet_eightThreadsWithTheSameToken_exactlyOneStored() {
        String k = key("race-cas");
        result(store().add(k, "v0", LONG_TTL));
        long token = result(store().get(k)).cas();

        List<CasResult> results = race(() -> result(store().compareAndSet(k, token, "v1", LONG_TTL)));

        assertThat(results).containsOnlyOnce(CasResult.STORED);
        assertThat(results).filteredOn(r -> r != CasResult.STORED).containsOnly(CasResult.CONFLICT);
    }

    @Test
    void kind_isNamed() {
        assertThat(store().kind()).isNotBlank();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Waits for a stage with {@link #CALL_TIMEOUT}; failures surface as the stage's own exception. */
    protected static <T> T result(CompletionStage<T> stage) {
        return Stages.await(stage, CALL_TIMEOUT);
    }

    /** Runs {@code task} on {@value #THREADS} threads released together; returns each thread's result. */
    private static <T> List<T> race(Callable<T> task) {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(RACERS.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        try {
            assertThat(ready.await(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("all racers ready").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            futures.forEach(f -> f.cancel(true));
            throw new AssertionError("a racing thread failed", e);
        }
    }
}
