package io.fleetbreaker.event;

/** The shared store became unreachable ({@code degraded}) or reachable again. Not tied to one circuit. */
public record StoreHealthChanged(boolean degraded, String detail) implements BreakerEvent {

    @Override
    public String circuit() {
        return "";
    }
}
