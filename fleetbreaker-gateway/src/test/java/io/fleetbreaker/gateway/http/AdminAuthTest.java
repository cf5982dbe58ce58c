package io.fleetbreaker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetbreaker.gateway.config.AdminConfig;
import org.junit.jupiter.api.Test;

class AdminAuthTest {

    private final AdminConfig admin = new AdminConfig("s3cret-token");

    @Test
    void noToken_disablesAdmin() {
        assertThat(AdminAuth.check(new AdminConfig(null), "Bearer x")).isEqualTo(AdminAuth.Verdict.DISABLED);
        assertThat(AdminAuth.check(new AdminConfig(""), null)).isEqualTo(AdminAuth.Verdict.DISABLED);
    }

    @Test
    void rightBearerToken_isAllowed_caseInsensitiveScheme() {
        assertThat(AdminAuth.check(admin, "Bearer s3cret-token")).isEqualTo(AdminAuth.Verdict.ALLOWED);
        assertThat(AdminAuth.check(admin, "bearer s3cret-token")).isEqualTo(AdminAuth.Verdict.ALLOWED);
    }

    @Test
    void wrongMissingOrMalformed_isUnauthorized() {
        assertThat(AdminAuth.check(admin, null)).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
        assertThat(AdminAuth.check(admin, "Bearer s3cret-toke")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
        assertThat(AdminAuth.check(admin, "Basic s3cret-token")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
        assertThat(AdminAuth.check(admin, "Bearer ")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
    }

    @Test
    void adminConfig_neverPrintsTheToken() {
        assertThat(admin.toString()).doesNotContain("s3cret");
    }
}
