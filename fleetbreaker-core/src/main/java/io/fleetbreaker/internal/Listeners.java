package io.fleetbreaker.internal;

import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.CallRejected;
import io.fleetbreaker.event.OutcomeRecorded;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.event.StoreHealthChanged;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        for (BreakerListener l : listeners) {
            try {
                l.onTransition(e);
            } catch (RuntimeException ex) {
                log.warn("Listener {} failed on a transition of '{}'", l, e.circuit(), ex);
            }
        }
    }

    void rejected(CallRejected e) {
        for (BreakerListener l : listeners) {
            try {
                l.onRejected(e);
            } catch (RuntimeException ex) {
                log.warn("Listener {} failed on a rejection of '{}'", l, e.circuit(), ex);
            }
        }
    }

    void outcome(OutcomeRecorded e) {
        for (BreakerListener l : listeners) {
            try {
                l.onOutcome(e);
            } catch (RuntimeException ex) {
                log.warn("Listener {} failed on an outcome of '{}'", l, e.circuit(), ex);
            }
        }
    }

    void storeHealth(StoreHealthChanged e) {
        for (BreakerListener l : listeners) {
            try {
                l.onStoreHealth(e);
            } catch (RuntimeException ex) {
                log.warn("Listener {} failed on a store health change", l, ex);
            }
        }
    }
}
