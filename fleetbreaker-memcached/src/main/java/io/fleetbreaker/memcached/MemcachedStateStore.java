package io.fleetbreaker.memcached;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.ExponentialBackoff;
import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheClientBuilder;
import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StateStore;
import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fleet's {@link StateStore} in Memcached, through folsom's asynchronous client on the ascii protocol. Several
 * servers are spread by consistent hashing (ketama): a dead node's keys move to the next node on the ring.
 *
 * <p>Contract, on top of {@link StateStore}'s:
 * <ul>
 *   <li>No call blocks: {@link #connect} returns before any connection exists, and every operation returns a stage
 *       that folsom completes. Until a connection is up, and while a server is down, calls fail within about a
 *       millisecond. A request to a server that hangs (no reply) is not timed out here: callers add their own timeout.
 *   <li>Every failure completes the stage with a {@link StoreException} naming the operation, the key and the cause,
 *       never the value. Invalid arguments (keys over 250 bytes or with whitespace or control characters, negative
 *       ttl or delta) throw {@link IllegalArgumentException} at once: they are programming errors.
 *   <li>Nothing is ever resent: a lost {@code incr} reply must not be applied twice.
 *   <li>{@link #increment} costs one round trip on an existing counter; creating one costs {@code incr}, {@code add}
 *       (and, if another client created it first, {@code incr} again), which the ascii protocol makes race-free.
 *   <li>Negative deltas are refused: Memcached counters are unsigned and {@code decr} clamps at zero.
 * </ul>
 * Thread-safe; one instance is meant to be shared by the whole JVM.
 */
public final class MemcachedStateStore implements StateStore {

    private static final int MAX_KEY_BYTES = 250;
    /** Creation attempts before giving up on a key that keeps vanishing between {@code add} and {@code incr}. */
    private static final int CREATE_ATTEMPTS = 3;

    private final AsciiMemcacheClient<String> client;
    private final List<String> servers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemcachedStateStore(AsciiMemcacheClient<String> client, List<String> servers) {
        this.client = client;
        this.servers = servers;
    }

    /**
     * A store on {@code servers} ({@code "host:port"} each; several are spread by ketama). Returns at once; the
     * connections are made in the background and re-made after an outage within 250 ms of the server's return.
     *
     * @throws IllegalArgumentException naming {@code store.servers} if the list is empty, repeats a server or has an
     *                                  entry that is not {@code host:port}
     */
    public static MemcachedStateStore connect(List<String> servers) {
        return connect(servers, null);
    }

    /**
     * Like {@link #connect(List)}, but stages complete on {@code replyExecutor}. A caller that hops to its own thread
     * anyway (e.g. a Vert.x context) can pass {@code Runnable::run} to complete on folsom's I/O thread and save a hop;
     * then no continuation may block. {@code null} keeps folsom's default reply pool.
     */
    public static MemcachedStateStore connect(List<String> servers, Executor replyExecutor) {
        List<String> parsed = validateServers(servers);
        MemcacheClientBuilder<String> builder = MemcacheClientBuilder.newStringClient(StandardCharsets.UTF_8)
                .withRetry(false)                                     // a resent incr could count twice
                .withBackoff(new ExponentialBackoff(10L, 250L, 2.5)) // back within 250 ms of a restart
                .withConnectionTimeoutMillis(1000)                    // drops a connection that stopped answering
                .withMaxOutstandingRequests(1000);                    // fail fast instead of queueing without bound
        if (replyExecutor != null) {
            builder.withReplyExecutor(replyExecutor);
        }
        for (String server : parsed) {
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            builder.withAddress(host, Integer.parseInt(server.substring(colon + 1)));
        }
        return new MemcachedStateStore(builder.connectAscii(), parsed);
    }

    @Override
    public CompletionStage<Versioned> get(String key) {
        checkKey(key);
        return call("get", key, () -> client.casGet(key), MemcachedResults::versioned);
    }

    @Override
    public CompletionStage<Map<String, Versioned>> getAll(List<String> keys) {
        keys.forEach(MemcachedStateStore::checkKey);
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        // folsom splits the request per node and per 255 keys; the replies come back in the order of `keys`.
        return call("getAll", keys.size() + " keys starting with " + keys.get(0), () -> client.casGet(keys), results -> {
            Map<String, Versioned> found = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                GetResult<String> result = results.get(i);
                if (result != null) {
                    found.put(keys.get(i), MemcachedResults.versioned(result));
                }
            }
            return found;
        });
    }

    @Override
    public CompletionStage<Boolean> add(String key, String value, Duration ttl) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        int seconds = Ttl.seconds(ttl);
        return call("add", key, () -> client.add(key, value, seconds), status -> MemcachedResults.added(status, key));
    }

    @Override
    public CompletionStage<CasResult> compareAndSet(String key, long cas, String value, Duration ttl) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        int seconds = Ttl.seconds(ttl);
        return call("cas", key, () -> client.set(key, value, seconds, cas),
                status -> MemcachedResults.casResult(status, key));
    }

    @Override
    public CompletionStage<Long> increment(String key, long delta, Duration ttlOnCreate) {
        checkKey(key);
        if (delta < 0) {
            throw new IllegalArgumentException("delta must not be negative but was " + delta);
        }
        int seconds = Ttl.seconds(ttlOnCreate);
        return settled(incrementOrCreate(key, delta, seconds, CREATE_ATTEMPTS));
    }

    /**
     * Ascii {@code incr} never creates a key, so a miss is followed by {@code add}; if another client's {@code add}
     * won, {@code incr} again counts on top of theirs. (Binary incr-with-initial would be one round trip, but races in
     * the server and makes folsom drop the connection; see research/memcached.md.)
     */
    private CompletionStage<Long> incrementOrCreate(String key, long delta, int ttlSeconds, int attemptsLeft) {
        return call("incr", key, () -> client.incr(key, delta), Function.identity()).thenCompose(value -> {
            if (value != null) {
                return CompletableFuture.completedFuture(value);
            }
            return call("add", key, () -> client.add(key, Long.toUnsignedString(delta), ttlSeconds),
                    status -> MemcachedResults.added(status, key)).thenCompose(created -> {
                        if (created) {
                            return CompletableFuture.completedFuture(delta);
                        }
                        if (attemptsLeft <= 1) {
                            throw new StoreException("memcached incr of key " + key
                                    + " failed: the key kept vanishing while being created");
                        }
                        return incrementOrCreate(key, delta, ttlSeconds, attemptsLeft - 1);
                    });
        });
    }

    @Override
    public CompletionStage<Boolean> delete(String key, long cas) {
        checkKey(key);
        return call("delete", key, () -> client.delete(key, cas), status -> MemcachedResults.deleted(status, key));
    }

    @Override
    public String kind() {
        return "memcached";
    }

    /** Whether at least one server is connected right now. A hint for health checks; calls may still fail. */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Completes once at least one server is connected (for start-up checks; add a timeout: it may never complete). */
    public CompletionStage<Void> whenConnected() {
        return settled(client.connectFuture());
    }

    /** Completes once every server is connected (add a timeout: with a server down it never completes). */
    public CompletionStage<Void> whenAllConnected() {
        return settled(client.fullyConnectedFuture());
    }

    /** The servers this store was created with, normalised and without duplicates. */
    public List<String> servers() {
        return servers;
    }

    /** Closes the connections; calls made afterwards fail with {@link StoreException}. Idempotent, non-blocking. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "MemcachedStateStore" + servers;
    }

    /**
     * Sends one request and interprets its reply. Everything that goes wrong (a synchronous throw, a failed stage, an
     * unexpected reply) completes the returned stage with a StoreException itself, not wrapped in a
     * CompletionException, and the returned stage is ours, so callers cannot complete folsom's.
     */
    private <R, T> CompletableFuture<T> call(String operation, String key, Supplier<CompletionStage<R>> request,
                                             Function<R, T> interpret) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<R> sent;
        try {
            sent = request.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(MemcachedResults.failure(operation, key, e));
            return result;
        }
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                result.completeExceptionally(MemcachedResults.failure(operation, key, error));
                return;
            }
            try {
                result.complete(interpret.apply(reply));
            } catch (RuntimeException e) {
                result.completeExceptionally(MemcachedResults.failure(operation, key, e));
            }
        });
        return result;
    }

    /** Strips the CompletionException that composed stages wrap around a failure. */
    private static <T> CompletableFuture<T> settled(CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                Throwable cause = MemcachedResults.unwrap(error);
                result.completeExceptionally(cause instanceof StoreException ? cause
                        : MemcachedResults.failure("call", "?", cause));
            }
        });
        return result;
    }

    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty but was " + (key == null ? "null" : "''"));
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key must be at most " + MAX_KEY_BYTES + " bytes but was " + bytes
                    + " bytes: " + key.substring(0, 40) + "...");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException("key must not contain whitespace or control characters but was '"
                        + key.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
    }

    private static List<String> validateServers(List<String> servers) {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("store.servers must list at least one host:port but was " + servers);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String server : servers) {
            String entry = server == null ? null : server.strip();
            if (!isHostPort(entry)) {
                throw new IllegalArgumentException(
                        "store.servers entries must be host:port (port 1-65535) but was '" + server + "'");
            }
            if (!seen.add(entry)) {
                throw new IllegalArgumentException("store.servers must not list a server twice but lists '"
                        + entry + "' twice");
            }
        }
        return List.copyOf(seen);
    }

    private static boolean isHostPort(String entry) {
        if (entry == null) {
            return false;
        }
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            return false;
        }
        String host = entry.substring(0, colon);
        String port = entry.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (!bracketed && (host.contains(":") || host.contains("[") || host.contains("]"))) {
            return false; // an IPv6 address needs brackets, or the port is ambiguous
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            return false;
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }
}
