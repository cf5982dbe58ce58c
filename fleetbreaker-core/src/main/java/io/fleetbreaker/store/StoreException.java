package io.fleetbreaker.store;

/** The shared store could not be reached or answered something unusable. The breaker degrades; callers never see it. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
