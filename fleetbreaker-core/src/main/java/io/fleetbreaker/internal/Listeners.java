package io.fleetbreaker.internal;

import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.CallRejected;
import io.fleetbreaker.event.OutcomeRecorded;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.event.StoreHealthChanged;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listeners of a registry or a circuit. A listener that throws is logged and never breaks the breaker. */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final CopyOnWriteArrayList<BreakerListener> listeners;

    Listeners(List<BreakerListener> initial) {
        this.listeners = new CopyOnWriteArrayList<>(initial);
    }

    void add(BreakerListener listener) {
        listeners.add(listener);
    }

    /** Lets the hot path skip building events nobody receives. */
    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void transition(StateTransition e) {
        each(l -> l.onTransition(e), "a transition of '" + e.circuit() + "'");
    }

    void rejected(CallRejected e) {
        each(l -> l.onRejected(e), "a rejection");
    }

    void outcome(OutcomeRecorded e) {
        each(l -> l.onOutcome(e), "an outcome");
    }

    void storeHealth(StoreHealthChanged e) {
        each(l -> l.onStoreHealth(e), "a store health change");
    }

    private void each(Consumer<BreakerListener> call, String what) {
        for (BreakerListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException ex) {
                log.warn("Listener {} failed on {}", l, what, ex);
            }
        }
    }
}
