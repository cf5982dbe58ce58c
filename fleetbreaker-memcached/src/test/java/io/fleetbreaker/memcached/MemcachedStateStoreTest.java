package io.fleetbreaker.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetbreaker.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the store does without any server: argument checks and failing fast. */
class MemcachedStateStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", ":11211", "host:port", "host:0", "host:65536", "::1:11211",
            "a b:11211", "host:11211:1", "host:-1"})
    void connect_malformedServer_isRejectedNamingTheSetting(String server) {
        assertThatThrownBy(() -> MemcachedStateStore.connect(List.of(server)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store.servers")
                .hasMessageContaining(server);
    }

    @Test
    void connect_noServers_isRejected() {
        assertThatThrownBy(() -> MemcachedStateStore.connect(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.servers");
    }

    @Test
    void connect_sameServerTwice_isRejected() {
        assertThatThrownBy(() -> MemcachedStateStore.connect(List.of("127.0.0.1:1", " 127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void connect_wellFormedServers_areKeptInOrder() {
        try (MemcachedStateStore store = MemcachedStateStore.connect(
                List.of("127.0.0.1:1", "[::1]:2", "cache.internal:11211"))) {
            assertThat(store.servers()).containsExactly("127.0.0.1:1", "[::1]:2", "cache.internal:11211");
            assertThat(store.kind()).isEqualTo("memcached");
        }
    }

    @Test
    void connect_nothingListening_returnsAtOnceAndCallsFailFast() {
        long started = System.nanoTime();
        try (MemcachedStateStore store = MemcachedStateStore.connect(List.of("127.0.0.1:" + closedPort()))) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

            assertThat(store.get("k")).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StoreException.class)
                    .withMessageContaining("get of key k");
            assertThat(store.increment("k", 1, Duration.ZERO)).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StoreException.class);
            assertThat(store.isConnected()).isFalse();
        }
    }

    @Test
    void anyCall_afterClose_failsWithStoreException() {
        MemcachedStateStore store = MemcachedStateStore.connect(List.of("127.0.0.1:" + closedPort()));
        store.close();
        store.close(); // idempotent

        assertThat(store.add("k", "v", Duration.ZERO)).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreException.class);
    }

    @Test
    void keys_invalid_areRejectedBeforeSending() {
        try (MemcachedStateStore store = MemcachedStateStore.connect(List.of("127.0.0.1:" + closedPort()))) {
            for (String bad : List.of("", "has space", "tab\there", "new\nline", "nul\0", "x".repeat(251),
                    "é".repeat(126))) {
                assertThatThrownBy(() -> store.get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("key");
            }
            assertThatThrownBy(() -> store.getAll(List.of("ok", "not ok"))).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.get("x".repeat(250))).isNotNull();
            assertThat(store.get("é".repeat(125))).isNotNull();
        }
    }

    @Test
    void increment_negativeDelta_isRejected() {
        try (MemcachedStateStore store = MemcachedStateStore.connect(List.of("127.0.0.1:" + closedPort()))) {
            assertThatThrownBy(() -> store.increment("k", -1, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
        }
    }

    @Test
    void getAll_noKeys_completesEmptyWithoutServer() {
        try (MemcachedStateStore store = MemcachedStateStore.connect(List.of("127.0.0.1:" + closedPort()))) {
            assertThat(store.getAll(List.of())).isCompletedWithValue(java.util.Map.of());
        }
    }

    /** A port that was free a moment ago, so nothing listens there. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
