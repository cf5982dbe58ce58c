package io.fleetbreaker.gateway.http;

import io.fleetbreaker.event.BreakerListener;
import io.fleetbreaker.event.StateTransition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the transitions this instance saw (the last {@value #KEEP} per circuit, for the API), counts them by
 * target state (for metrics) and fans them out to subscribers (the SSE streams). Registered as a listener on the
 * registry, so it is called on core threads: it never blocks and subscribers must hop to their own context.
 * Thread-safe.
 */
public final class TransitionLog implements BreakerListener {

    static final int KEEP = 50;
    private static final Logger LOG = LoggerFactory.getLogger(TransitionLog.class);

    private final Map<String, Deque<StateTransition>> recent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Consumer<StateTransition>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void onTransition(StateTransition t) {
        LOG.debug("circuit {}: {} -> {} (generation {}, by {}{}): {}", t.circuit(), t.from(), t.to(), t.generation(),
                t.changedBy(), t.byThisInstance() ? ", this instance" : "", t.reason());
        Deque<StateTransition> deque = recent.computeIfAbsent(t.circuit(), k -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addFirst(t);
            while (deque.size() > KEEP) {
                deque.removeLast();
            }
        }
        counts.computeIfAbsent(t.circuit() + "\u0000" + t.to().name(), k -> new LongAdder()).increment();
        for (Consumer<StateTransition> s : subscribers) {
            try {
                s.accept(t);
            } catch (RuntimeException e) {
                LOG.warn("transition subscriber failed: {}", e.toString());
            }
        }
    }

    /** The last transitions of {@code circuit}, newest first. */
    public List<StateTransition> recent(String circuit) {
        Deque<StateTransition> deque = recent.get(circuit);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }

    /** Transitions this instance saw into {@code to}, for {@code circuit}. */
    public long count(String circuit, String to) {
        LongAdder a = counts.get(circuit + "\u0000" + to);
        return a == null ? 0 : a.sum();
    }

    /** Starts delivering transitions to {@code subscriber}; run the returned action to stop. */
    public Runnable subscribe(Consumer<StateTransition> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
