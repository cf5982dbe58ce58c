package io.fleetbreaker.gateway.http;

import io.fleetbreaker.gateway.config.AdminConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <admin.token>}. The comparison is constant-time (both sides hashed to the same
 * length first, then {@link MessageDigest#isEqual}), so response timing does not reveal how much of a guess was
 * right. The token is never logged. Stateless; thread-safe.
 */
final class AdminAuth {

    enum Verdict { ALLOWED, DISABLED, UNAUTHORIZED }

    private AdminAuth() {
    }

    static Verdict check(AdminConfig admin, String authorizationHeader) {
        if (!admin.enabled()) {
            return Verdict.DISABLED;
        }
        String presented = "";
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorizationHeader.substring(7).trim();
        }
        return MessageDigest.isEqual(sha256(presented), sha256(admin.token()))
                ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
