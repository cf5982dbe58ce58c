package io.fleetbreaker.internal;

import io.fleetbreaker.store.StateStore;
import java.time.InstantSource;

/** What a circuit needs from its registry: the store in use, the clock, and who this instance is. */
interface Fleet {

    /** The store decisions go to now: the shared one, or this instance's own while the shared one is down. */
    StateStore store();

    InstantSource clock();

    String instanceId();

    Keys keys();

    /** Registry-wide listeners. */
    Listeners listeners();

    /** A transition was won: bump the fleet's change counter so every instance re-reads records on its next tick. */
    void transitionWon();
}
