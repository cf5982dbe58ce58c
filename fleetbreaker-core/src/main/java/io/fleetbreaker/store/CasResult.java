package io.fleetbreaker.store;

/** What a {@link StateStore#compareAndSet} did. */
public enum CasResult {
    /** The value was replaced. */
    STORED,
    /** Someone changed the key since it was read: re-read and decide again. */
    CONFLICT,
    /** The key is gone (expired, evicted, flushed or never there). */
    NOT_FOUND
}
