package io.fleetbreaker.gateway.http;

import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.CircuitState;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics}: Prometheus text with the families listed in docs/http-api.md. Counters are this instance's
 * own (monotonic since start); gauges are the fleet view this instance holds. Stateless; thread-safe.
 */
final class MetricsHandler implements Handler<RoutingContext> {

    private final ApiContext api;

    MetricsHandler(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(RoutingContext ctx) {
        api.views(ctx.vertx()).onComplete(views -> ctx.response()
                .putHeader("Content-Type", PrometheusText.CONTENT_TYPE)
                .end(render(views)), ctx::fail);
    }

    String render(List<ApiContext.CircuitView> views) {
        PrometheusText p = new PrometheusText();
        p.family("fleetbreaker_circuit_state", "gauge", "Fleet state of the circuit: 1 for the current state, 0 else.");
        for (ApiContext.CircuitView v : views) {
            for (CircuitState s : CircuitState.values()) {
                p.sample("fleetbreaker_circuit_state", v.snapshot().state() == s ? 1 : 0, "circuit", v.route().name(),
                        "state", s.name());
            }
        }
        p.family("fleetbreaker_circuit_generation", "gauge", "Generation of the circuit's state (+1 per transition).");
        views.forEach(v -> p.sample("fleetbreaker_circuit_generation", v.snapshot().generation(),
                "circuit", v.route().name()));
        p.family("fleetbreaker_calls_total", "counter", "Calls admitted on this instance, by outcome.");
        for (ApiContext.CircuitView v : views) {
            CircuitSnapshot.LocalCounters l = v.snapshot().local();
            String c = v.route().name();
            p.sample("fleetbreaker_calls_total", l.successes(), "circuit", c, "outcome", "success");
            p.sample("fleetbreaker_calls_total", l.failures(), "circuit", c, "outcome", "failure");
            p.sample("fleetbreaker_calls_total", l.slow(), "circuit", c, "outcome", "slow");
            p.sample("fleetbreaker_calls_total", l.late(), "circuit", c, "outcome", "late");
            p.sample("fleetbreaker_calls_total", l.released(), "circuit", c, "outcome", "released");
        }
        p.family("fleetbreaker_rejected_total", "counter", "Calls refused on this instance, by reason.");
        for (ApiContext.CircuitView v : views) {
            for (Map.Entry<String, Long> e : v.route().rejections().snapshot().entrySet()) {
                p.sample("fleetbreaker_rejected_total", e.getValue(), "circuit", v.route().name(),
                        "reason", e.getKey());
            }
        }
        p.family("fleetbreaker_transitions_total", "counter", "Transitions this instance observed, by target state.");
        for (ApiContext.CircuitView v : views) {
            for (CircuitState s : CircuitState.values()) {
                p.sample("fleetbreaker_transitions_total", api.transitions().count(v.route().name(), s.name()),
                        "circuit", v.route().name(), "to", s.name());
            }
        }
        p.family("fleetbreaker_window_failure_rate", "gauge", "Failure rate of the fleet window, percent.");
        views.forEach(v -> p.sample("fleetbreaker_window_failure_rate",
                CircuitJson.round1(v.snapshot().window().failureRate()), "circuit", v.route().name()));
        p.family("fleetbreaker_in_flight", "gauge", "Calls in flight on this instance.");
        views.forEach(v -> p.sample("fleetbreaker_in_flight", v.route().inFlight(), "circuit", v.route().name()));
        p.family("fleetbreaker_store_degraded", "gauge", "1 while the shared store is unreachable.");
        p.sample("fleetbreaker_store_degraded", api.registry().isDegraded() ? 1 : 0);
        return p.toString();
    }
}
