package io.fleetbreaker.gateway.http;

import io.fleetbreaker.OperatorAction;
import io.fleetbreaker.gateway.config.ConfigException;
import io.fleetbreaker.gateway.proxy.CircuitRoute;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin endpoints (Bearer token): {@code POST /api/v1/circuits/{name}/force-open | force-closed | disable | reset}
 * with an optional {@code {"reason": "..."}} body, and {@code POST /api/v1/admin/reload}. No token configured →
 * 403; a wrong or missing token → 401. Stateless; thread-safe.
 */
final class AdminHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final Map<String, OperatorAction> ACTIONS = Map.of("force-open", OperatorAction.FORCE_OPEN,
            "force-closed", OperatorAction.FORCE_CLOSED, "disable", OperatorAction.DISABLE,
            "reset", OperatorAction.RESET);
    private static final int MAX_REASON = 500;

    private final ApiContext api;

    AdminHandler(ApiContext api) {
        this.api = api;
    }

    /** Runs first on every admin route: answers 403/401 and stops, or lets the request through. */
    void authorize(RoutingContext ctx) {
        switch (AdminAuth.check(api.config().get().admin(), ctx.request().getHeader("Authorization"))) {
            case ALLOWED -> ctx.next();
            case DISABLED -> ErrorResponses.send(ctx.response(), 403, "admin_disabled",
                    "admin endpoints are disabled: set admin.token in the config");
            case UNAUTHORIZED -> {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ErrorResponses.send(ctx.response(), 401, "unauthorized",
                        "a valid 'Authorization: Bearer <admin.token>' header is required");
            }
        }
    }

    void circuitAction(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        OperatorAction action = ACTIONS.get(ctx.pathParam("action"));
        if (action == null) {
            ErrorResponses.send(ctx.response(), 404, "unknown_action", "unknown admin action '"
                    + ctx.pathParam("action") + "' (known: force-open, force-closed, disable, reset)");
            return;
        }
        CircuitRoute route = api.routes().find(name);
        if (route == null) {
            ErrorResponses.unknownCircuit(ctx.response(), name);
            return;
        }
        String reason;
        try {
            reason = reason(ctx.body().buffer());
        } catch (IllegalArgumentException e) {
            ErrorResponses.badJson(ctx.response(), e.getMessage());
            return;
        }
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        String actor = remote == null ? "admin" : "admin@" + remote;
        // Only the operator's own words: the core records "<action> by <actor>[: <reason>]" as the reason.
        LOG.info("circuit {}: operator action {} requested by {}{}", name, action, actor,
                reason == null ? "" : " (reason: " + reason + ")");
        Future.fromCompletionStage(route.breaker().apply(action, actor, reason), ctx.vertx().getOrCreateContext())
                .timeout(api.snapshotTimeoutMillis(), TimeUnit.MILLISECONDS)
                .compose(applied -> api.view(ctx.vertx(), route))
                .onComplete(v -> Json.send(ctx, 200, CircuitJson.circuit(v.snapshot(), route,
                        api.transitions().recent(name))), ctx::fail);
    }

    void reload(RoutingContext ctx) {
        LOG.info("config reload requested through the admin API");
        Future.fromCompletionStage(api.reload().reload(), ctx.vertx().getOrCreateContext()).onComplete(
                names -> Json.send(ctx, 200, new JsonObject().put("reloaded", true)
                        .put("circuits", new JsonArray(names))),
                error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof ConfigException ce) {
                        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                                .end(ErrorResponses.body("invalid_config", "the config file has problems; the"
                                        + " running config is kept", new JsonObject().put("problems",
                                        new JsonArray(ce.problems()))).encode());
                    } else {
                        ctx.fail(cause);
                    }
                });
    }

    /** The optional reason of an admin body; empty body → null. */
    private static String reason(Buffer body) {
        if (body == null || body.length() == 0 || body.toString().isBlank()) {
            return null;
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? "cannot parse" : firstLine(e.getMessage()));
        }
        if (!(parsed instanceof JsonObject o)) {
            throw new IllegalArgumentException("expected an object like {\"reason\": \"...\"}");
        }
        Object r = o.getValue("reason");
        if (r == null) {
            return null;
        }
        if (!(r instanceof String s)) {
            throw new IllegalArgumentException("\"reason\" must be a string");
        }
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) : s;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
