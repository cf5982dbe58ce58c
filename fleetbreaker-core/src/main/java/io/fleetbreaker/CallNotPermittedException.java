package io.fleetbreaker;

/** Thrown by the decorators when a circuit does not permit a call. Carries the {@link Rejection}; no stack trace. */
public final class CallNotPermittedException extends RuntimeException {

    private final transient Rejection rejection;

    public CallNotPermittedException(Rejection rejection) {
        super("Circuit breaker '" + rejection.circuit() + "' is " + rejection.state() + " and does not permit calls ("
                + rejection.reason() + ", retry after " + rejection.retryAfter().toMillis() + " ms)", null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
