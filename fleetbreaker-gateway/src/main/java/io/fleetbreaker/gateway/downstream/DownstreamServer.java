package io.fleetbreaker.gateway.downstream;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A controllable flaky HTTP service for demos, tests and benchmarks (the control API is in docs/http-api.md).
 *
 * <p>Every path except {@code /__control*} answers according to the current {@link DownstreamMode} and is counted:
 * healthy (200 echo), failing (the configured status for a fraction of requests), slow (a healthy echo after a delay,
 * on a Vert.x timer, never blocking), hanging (never answers until the client or the server closes the connection) and
 * refusing (closes the connection at once without answering). Control requests are never counted.
 *
 * <p>Thread-safe: the mode is one immutable value swapped atomically and the counters are concurrent, so the server can
 * be read and driven from any thread while its event loop serves requests.
 */
public final class DownstreamServer {

    private static final Logger LOG = LoggerFactory.getLogger(DownstreamServer.class);
    /** How many recent arrivals {@code GET /__control/requests} can show. */
    static final int ARRIVAL_LOG_CAPACITY = 10_000;
    private static final String CONTROL = "/__control";

    private final Vertx vertx;
    private final HttpServer server;
    private volatile DownstreamMode mode = DownstreamMode.healthy();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder hung = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();

    /**
     * One counted request as the simulator saw it when it arrived.
     *
     * @param seq    1-based arrival number since the last reset
     * @param at     epoch millis of arrival
     * @param status the status it was given, or 0 when it will not be answered (hanging, refusing)
     * @param mode   the mode that handled it
     */
    public record Arrival(long seq, long at, String method, String path, int status, String mode) {
        JsonObject toJson() {
            return new JsonObject().put("seq", seq).put("at", at).put("method", method).put("path", path)
                    .put("status", status == 0 ? null : status).put("mode", mode);
        }
    }

    private DownstreamServer(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(0))
                .requestHandler(this::handle);
    }

    /** Starts a simulator listening on {@code host:port} (port 0 picks a free one), in healthy mode. */
    public static Future<DownstreamServer> start(Vertx vertx, String host, int port) {
        DownstreamServer downstream = new DownstreamServer(vertx);
        return downstream.server.listen(port, host).map(s -> {
            LOG.info("downstream simulator listening on http://{}:{}", host, s.actualPort());
            return downstream;
        });
    }

    /** The port actually bound. */
    public int port() {
        return server.actualPort();
    }

    /** Stops listening and closes every open connection, hanging ones included. */
    public Future<Void> close() {
        return server.close();
    }

    public DownstreamMode mode() {
        return mode;
    }

    public void mode(DownstreamMode newMode) {
        if (newMode == null) {
            throw new IllegalArgumentException("mode must be set");
        }
        this.mode = newMode;
        LOG.info("downstream mode is now {}", newMode.toJson().encode());
    }

    /** Requests received since the last reset, control requests excluded. */
    public long requests() {
        return requests.get();
    }

    /** Requests received since the last reset that were given {@code status}. */
    public long requests(int status) {
        LongAdder adder = byStatus.get(Integer.toString(status));
        return adder == null ? 0 : adder.sum();
    }

    /** Requests currently received and not yet answered or dropped. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Counts back to zero; requests still in flight stay in {@link #inFlight()}. */
    public void reset() {
        synchronized (arrivals) {
            requests.set(0);
            byStatus.clear();
            hung.reset();
            refused.reset();
            arrivals.clear();
        }
    }

    /** The {@code GET /__control} view. */
    public JsonObject state() {
        JsonObject counts = new JsonObject();
        new TreeMap<>(byStatus).forEach((status, adder) -> counts.put(status, adder.sum()));
        return mode.toJson()
                .put("requests", requests.get())
                .put("byStatus", counts)
                .put("hung", hung.sum())
                .put("refused", refused.sum())
                .put("inFlight", inFlight.get());
    }

    /** Arrivals since the last reset with {@code at >= sinceEpochMs}, oldest first (the most recent 10,000 at most). */
    public JsonArray arrivals(long sinceEpochMs) {
        JsonArray out = new JsonArray();
        synchronized (arrivals) {
            for (Arrival arrival : arrivals) {
                if (arrival.at() >= sinceEpochMs) {
                    out.add(arrival.toJson());
                }
            }
        }
        return out;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(CONTROL) || path.startsWith(CONTROL + "/")) {
            control(request, path);
        } else {
            serve(request);
        }
    }

    private void serve(HttpServerRequest request) {
        DownstreamMode current = mode;
        int status = switch (current.mode()) {
            case HEALTHY, SLOW -> 200;
            case FAILING -> fails(current) ? current.status() : 200;
            case HANGING, REFUSING -> 0;
        };
        count(request, current, status);
        switch (current.mode()) {
            case REFUSING -> {
                refused.increment();
                request.connection().close();
            }
            case HANGING -> {
                hung.increment();
                inFlight.incrementAndGet();
                request.response().closeHandler(v -> inFlight.decrementAndGet());
            }
            case SLOW -> {
                inFlight.incrementAndGet();
                AtomicBoolean done = new AtomicBoolean();
                Runnable finished = () -> {
                    if (done.compareAndSet(false, true)) {
                        inFlight.decrementAndGet();
                    }
                };
                request.body().onComplete(body -> {
                    Buffer content = body.succeeded() ? body.result() : Buffer.buffer();
                    long timer = vertx.setTimer(Math.max(1, current.latencyMs()), id -> {
                        finished.run();
                        answer(request.response(), 200, echo(request, content));
                    });
                    request.response().closeHandler(v -> {
                        vertx.cancelTimer(timer);
                        finished.run();
                    });
                });
            }
            case HEALTHY, FAILING -> {
                if (status == 200) {
                    request.body().onComplete(body ->
                            answer(request.response(), 200, echo(request, body.succeeded() ? body.result() : null)));
                } else {
                    answer(request.response(), status, new JsonObject().put("ok", false)
                            .put("error", "simulated_failure").put("status", status)
                            .put("message", "the downstream simulator is in failing mode"));
                }
            }
            default -> throw new IllegalStateException("unexpected mode " + current.mode());
        }
    }

    private static boolean fails(DownstreamMode current) {
        return current.rate() >= 1.0 || (current.rate() > 0.0 && ThreadLocalRandom.current().nextDouble() < current.rate());
    }

    private void count(HttpServerRequest request, DownstreamMode current, int status) {
        synchronized (arrivals) {
            long seq = requests.incrementAndGet();
            if (status != 0) {
                byStatus.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
            }
            if (arrivals.size() == ARRIVAL_LOG_CAPACITY) {
                arrivals.removeFirst();
            }
            arrivals.addLast(new Arrival(seq, System.currentTimeMillis(), request.method().name(), request.path(),
                    status, current.mode().wireName()));
        }
    }

    private static JsonObject echo(HttpServerRequest request, Buffer body) {
        JsonObject headers = new JsonObject();
        MultiMap all = request.headers();
        for (String name : all.names()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", all.getAll(name)));
        }
        return new JsonObject()
                .put("ok", true)
                .put("method", request.method().name())
                .put("path", request.path())
                .put("query", request.query())
                .put("headers", headers)
                .put("body", body == null ? "" : body.toString());
    }

    private void control(HttpServerRequest request, String path) {
        HttpMethod method = request.method();
        if (path.equals(CONTROL) && method == HttpMethod.GET) {
            answer(request.response(), 200, state());
        } else if (path.equals(CONTROL + "/requests") && method == HttpMethod.GET) {
            long since = 0;
            String raw = request.getParam("since");
            try {
                since = raw == null ? 0 : Long.parseLong(raw);
            } catch (NumberFormatException e) {
                error(request.response(), 400, "invalid_request", "since must be epoch millis but was " + raw);
                return;
            }
            answer(request.response(), 200, new JsonObject().put("requests", arrivals(since)));
        } else if (path.equals(CONTROL + "/reset") && method == HttpMethod.POST) {
            reset();
            answer(request.response(), 200, state());
        } else if (path.equals(CONTROL + "/mode") && method == HttpMethod.POST) {
            request.body().onComplete(body -> {
                if (body.failed()) {
                    error(request.response(), 400, "invalid_request", "could not read the body");
                    return;
                }
                try {
                    mode(DownstreamMode.fromJson(body.result().toJsonObject()));
                    answer(request.response(), 200, state());
                } catch (DecodeException | ClassCastException e) {
                    error(request.response(), 400, "invalid_request", "body must be a JSON object such as {\"mode\":\"healthy\"}");
                } catch (IllegalArgumentException e) {
                    error(request.response(), 400, "invalid_mode", e.getMessage());
                }
            });
        } else if (path.equals(CONTROL) || path.equals(CONTROL + "/requests") || path.equals(CONTROL + "/reset")
                || path.equals(CONTROL + "/mode")) {
            error(request.response(), 405, "method_not_allowed", method.name() + " is not allowed on " + path);
        } else {
            error(request.response(), 404, "not_found", "no control endpoint " + path);
        }
    }

    private static void error(HttpServerResponse response, int status, String code, String message) {
        answer(response, status, new JsonObject().put("error", code).put("message", message));
    }

    private static void answer(HttpServerResponse response, int status, JsonObject body) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
