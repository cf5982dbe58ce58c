package io.fleetbreaker.testkit;

import io.fleetbreaker.store.InMemoryStateStore;
import io.fleetbreaker.store.StateStore;
import java.time.Duration;

/** The in-memory store against the store contract, with time driven by a {@link MutableClock}. */
class InMemoryStateStoreContractTest extends StateStoreContract {

    private final MutableClock clock = new MutableClock();
    private final InMemoryStateStore store = new InMemoryStateStore(clock);

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected void awaitExpired(String key, Duration ttl) {
        clock.advance(ttl);
    }
}
