package io.fleetbreaker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension against the real binary; registered per test, so every test starts with a fresh server. */
class MemcachedServerIT {

    @RegisterExtension
    final MemcachedServer memcached = new MemcachedServer();

    @Test
    void start_registeredExtension_acceptsConnectionsOnLoopback() {
        assertThat(memcached.isRunning()).isTrue();
        assertThat(memcached.address()).isEqualTo("127.0.0.1:" + memcached.port());
        assertThat(accepts(memcached.port())).isTrue();
    }

    @Test
    void command_setAndGet_roundTrips() {
        assertThat(memcached.command("set k 0 0 2\r\n42")).isEqualTo("STORED");

        assertThat(memcached.command("get k")).isEqualTo("VALUE k 0 2\n42\nEND");
        assertThat(memcached.command("incr k 1")).isEqualTo("43");
    }

    @Test
    void stats_afterGets_countsKeys() {
        memcached.command("set k 0 0 1\r\n1");

        memcached.command("get k missing");

        assertThat(memcached.stats()).containsEntry("get_hits", "1").containsEntry("get_misses", "1")
                .containsKey("evictions");
    }

    @Test
    void deleteKeyAndFlushAll_removeItems() {
        memcached.command("set a 0 0 1\r\n1");
        memcached.command("set b 0 0 1\r\n1");

        assertThat(memcached.deleteKey("a")).isTrue();
        assertThat(memcached.deleteKey("a")).isFalse();
        memcached.flushAll();

        assertThat(memcached.command("get b")).isEqualTo("END");
    }

    @Test
    void killAndStart_samePort_acceptsAgainWithoutData() {
        int port = memcached.port();
        long pid = memcached.pid();
        memcached.command("set k 0 0 1\r\n1");

        memcached.kill();
        assertThat(memcached.isRunning()).isFalse();
        assertThat(accepts(port)).isFalse();

        memcached.start();
        assertThat(memcached.port()).isEqualTo(port);
        assertThat(memcached.pid()).isNotEqualTo(pid);
        assertThat(memcached.command("get k")).isEqualTo("END");
    }

    @Test
    void restart_running_comesBackOnSamePort() {
        int port = memcached.port();

        memcached.restart();

        assertThat(memcached.port()).isEqualTo(port);
        assertThat(memcached.command("version")).startsWith("VERSION ");
    }

    @Test
    void pauseAndResume_pausedServerDoesNotAnswerUntilResumed() {
        memcached.pause();

        assertThatThrownBy(() -> memcached.command("version")).isInstanceOf(UncheckedIOException.class);

        memcached.resume();
        assertThat(memcached.command("version")).startsWith("VERSION ");
    }

    @Test
    void stop_pausedServer_stillStops() {
        memcached.pause();

        memcached.stop();

        assertThat(memcached.isRunning()).isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
