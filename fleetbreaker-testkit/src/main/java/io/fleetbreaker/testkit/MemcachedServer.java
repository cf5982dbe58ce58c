package io.fleetbreaker.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code memcached} process on a free 127.0.0.1 port, as a JUnit 5 extension.
 *
 * <p>Register it with {@code @RegisterExtension}: as a {@code static} field one server serves the whole class (and is
 * started again before a test if an earlier test stopped, killed or paused it); as an instance field every test gets a
 * fresh one. It can also be driven by hand ({@link #start()} / {@link #close()}) outside JUnit. Stopping with
 * {@link #stop()} takes up to a second (memcached acts on SIGTERM on its next clock tick); {@link #kill()} is at once.
 *
 * <p>The binary comes from the system property {@code memcached.binary} (default {@code /usr/bin/memcached}). A missing
 * binary fails the test with an install hint: these tests are never skipped. Only the process this object started is
 * ever signalled, by its own PID; a shutdown hook kills it if the JVM exits first.
 *
 * <p>Lifecycle methods are {@code synchronized}; the raw-protocol helpers open their own socket per call and may be
 * used from any thread.
 */
public final class MemcachedServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(5);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);
    private static final int SOCKET_TIMEOUT_MILLIS = 2000;

    private final Path binary;
    private final List<String> extraArgs;
    private int port;
    private Process process;
    private Path log;
    private boolean paused;
    private boolean perClass;
    private Thread shutdownHook;

    /** A server with the default options. */
    public MemcachedServer() {
        this(List.of());
    }

    /** A server with extra command-line options appended, e.g. {@code List.of("-M")} or {@code List.of("-m", "8")}. */
    public MemcachedServer(List<String> extraArgs) {
        this.binary = Path.of(System.getProperty("memcached.binary", "/usr/bin/memcached"));
        this.extraArgs = List.copyOf(extraArgs);
    }

    // ---- JUnit lifecycle -------------------------------------------------------------------------------------

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        // Per class: undo what an earlier test did to the shared server, so tests don't depend on their order.
        if (paused) {
            resume();
        }
        start();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Starts the server (on the same port as before, if it ran before) and waits until it accepts connections. No-op if running. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("memcached binary not found at " + binary + " (system property memcached.binary):"
                    + " install it with `apt-get install memcached`");
        }
        if (port != 0) {
            launch(port);
            return;
        }
        // A free port can be taken by someone else between probing and binding: try a few.
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    /** Stops the server with SIGTERM and waits for it to exit (SIGKILL after 5 s). The port is kept for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume(); // a stopped process does not act on SIGTERM until continued
        }
        process.destroy();
        awaitExit();
    }

    /** Kills the server with SIGKILL, like a crash, and waits for it to exit. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        paused = false;
        awaitExit();
    }

    /** {@link #stop()} then {@link #start()} on the same port: all data is lost, as in production. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Freezes the server with SIGSTOP: connections stay open but nothing is answered, like a partition. */
    public synchronized void pause() {
        signal("-STOP");
        paused = true;
    }

    /** Thaws a {@link #pause() paused} server with SIGCONT. */
    public synchronized void resume() {
        signal("-CONT");
        paused = false;
    }

    /**
     * Ends the server if it runs, with SIGKILL: its data is thrown away anyway, and memcached takes up to a second to
     * act on SIGTERM, which per-test servers would pay every time.
     */
    @Override
    public synchronized void close() {
        kill();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The port; fixed from the first start on. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("memcached has not been started yet");
        }
        return port;
    }

    /** {@code "127.0.0.1:<port>"}, the form {@code store.servers} takes. */
    public String address() {
        return HOST + ":" + port();
    }

    /** The PID of the running process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("memcached is not running");
        }
        return process.pid();
    }

    // ---- raw protocol helpers --------------------------------------------------------------------------------

    /** {@code flush_all}: every item becomes invalid at once. */
    public void flushAll() {
        expectReply("flush_all", "OK");
    }

    /** Deletes one key, as an eviction would. Returns whether it existed. */
    public boolean deleteKey(String key) {
        String reply = command("delete " + key);
        if (!reply.equals("DELETED") && !reply.equals("NOT_FOUND")) {
            throw new IllegalStateException("delete " + key + " answered " + reply);
        }
        return reply.equals("DELETED");
    }

    /** The general-purpose {@code stats}, e.g. {@code cmd_get}, {@code curr_items}, {@code evictions}. */
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        for (String line : command("stats").split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("STAT")) {
                stats.put(parts[1], parts[2]);
            }
        }
        return stats;
    }

    /**
     * Sends one text-protocol command (without the trailing CRLF) on a new connection and returns the reply lines
     * joined with {@code \n}, e.g. {@code "STORED"}, or {@code "VALUE k 0 1\n5\nEND"}. Storage commands take their data
     * block after a {@code \r\n}: {@code command("set k 0 0 1\r\n5")}.
     */
    public String command(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port()), SOCKET_TIMEOUT_MILLIS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return readReply(in);
        } catch (IOException e) {
            throw new UncheckedIOException("memcached on port " + port + " did not answer `" + command + "`", e);
        }
    }

    /** Reads one reply: multi-line replies (VALUE…END, STAT…END) up to END; meta {@code VA} with its data line. */
    private static String readReply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.startsWith("VALUE ") || line.startsWith("VA ")) {
                lines.add(in.readLine());
                if (line.startsWith("VA ")) {
                    break;
                }
            } else if (!line.startsWith("STAT ")) {
                break;
            }
        }
        return String.join("\n", lines);
    }

    private void expectReply(String command, String expected) {
        String reply = command(command);
        if (!reply.equals(expected)) {
            throw new IllegalStateException(command + " answered " + reply);
        }
    }

    // ---- process handling ------------------------------------------------------------------------------------

    private void launch(int candidatePort) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-l", HOST, "-p", Integer.toString(candidatePort),
                "-U", "0", "-m", "64", "-t", "2",
                // TTLs under 61 s get their own LRU that is never evicted: the breaker's bucket counters qualify.
                "-o", "temporary_ttl=61"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "root")); // memcached refuses to run as root without naming the user
        }
        cmd.addAll(extraArgs);
        try {
            log = Files.createTempFile("memcached-" + candidatePort + "-", ".log");
            log.toFile().deleteOnExit();
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + cmd + ": " + e.getMessage(), e);
        }
        installShutdownHook();
        awaitAccepting(candidatePort);
        port = candidatePort;
    }

    /** Polls until a TCP connect succeeds: the only reliable sign that memcached is ready. */
    private void awaitAccepting(int candidatePort) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("memcached on port " + candidatePort + " exited with " + process.exitValue()
                        + ": " + logText());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), candidatePort), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("memcached did not accept connections on port " + candidatePort
                            + " within " + START_DEADLINE + ": " + logText());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        paused = false;
        removeShutdownHook();
    }

    private void signal(String signal) {
        if (!isRunning()) {
            throw new IllegalStateException("memcached is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling memcached", e);
        }
    }

    private void installShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::killOnExit, "memcached-" + binary.getFileName() + "-cleanup");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Per-test servers would otherwise pile up one hook (and one dead Process) per test. */
    private void removeShutdownHook() {
        if (shutdownHook != null && !process.isAlive()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmAlreadyExiting) {
                // the hook is running or about to: nothing left to undo
            }
            shutdownHook = null;
        }
    }

    private void killOnExit() {
        // Not synchronized: the JVM may be exiting while a test thread holds the lock.
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    private String logText() {
        try {
            return log == null ? "" : Files.readString(log).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    @Override
    public synchronized String toString() {
        return "MemcachedServer[" + HOST + ":" + port + (isRunning() ? ", pid " + process.pid() : ", stopped") + "]";
    }
}
