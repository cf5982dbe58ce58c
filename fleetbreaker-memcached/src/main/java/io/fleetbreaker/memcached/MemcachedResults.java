package io.fleetbreaker.memcached;

import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheAuthenticationException;
import com.spotify.folsom.MemcacheStatus;
import io.fleetbreaker.store.CasResult;
import io.fleetbreaker.store.StoreException;
import io.fleetbreaker.store.Versioned;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns folsom's replies and failures into the store SPI's results and {@link StoreException}s. */
final class MemcachedResults {

    private MemcachedResults() {
    }

    static Versioned versioned(GetResult<String> result) {
        return result == null ? null : new Versioned(result.getValue(), result.getCas());
    }

    /** {@code add}: OK means this call created the key; ITEM_NOT_STORED means it already existed. */
    static boolean added(MemcacheStatus status, String key) {
        return switch (status) {
            case OK -> true;
            case ITEM_NOT_STORED -> false;
            default -> throw unexpected("add", key, status);
        };
    }

    /** {@code cas}: KEY_EXISTS is the lost race, KEY_NOT_FOUND an expired, evicted or flushed key. */
    static CasResult casResult(MemcacheStatus status, String key) {
        return switch (status) {
            case OK -> CasResult.STORED;
            case KEY_EXISTS -> CasResult.CONFLICT;
            case KEY_NOT_FOUND -> CasResult.NOT_FOUND;
            default -> throw unexpected("cas", key, status);
        };
    }

    /** Delete-with-cas: only OK deleted; a changed or missing key is simply not deleted. */
    static boolean deleted(MemcacheStatus status, String key) {
        return switch (status) {
            case OK -> true;
            case KEY_EXISTS, KEY_NOT_FOUND -> false;
            default -> throw unexpected("delete", key, status);
        };
    }

    /** Any failure of a call as a StoreException naming the operation, the key and the cause (never the value). */
    static StoreException failure(String operation, String key, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof StoreException e) {
            return e;
        }
        String reason = cause instanceof MemcacheAuthenticationException
                // folsom reports every ascii CLIENT_ERROR (e.g. incr on a non-numeric value) as an auth failure
                ? "server rejected the command (CLIENT_ERROR): " + cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new StoreException("memcached " + operation + " of key " + key + " failed: " + reason, cause);
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static StoreException unexpected(String operation, String key, MemcacheStatus status) {
        return new StoreException("memcached " + operation + " of key " + key + " answered " + status);
    }
}
