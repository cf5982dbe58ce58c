package io.fleetbreaker.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamTargetTest {

    @Test
    void rootUpstream_keepsPathAndQuery() {
        UpstreamTarget t = UpstreamTarget.of(URI.create("http://127.0.0.1:9001"));
        assertThat(t.uriFor("/a/b?c=1")).isEqualTo("/a/b?c=1");
        assertThat(t.uriFor("")).isEqualTo("/");
        assertThat(t.uriFor("?x=1")).isEqualTo("/?x=1");
        assertThat(t.port()).isEqualTo(9001);
        assertThat(t.ssl()).isFalse();
        assertThat(t.authority().toString()).isEqualTo("127.0.0.1:9001");
    }

    @Test
    void upstreamWithBasePath_prefixesIt_withoutDoubleSlashes() {
        UpstreamTarget t = UpstreamTarget.of(URI.create("https://api.example.com/v1/"));
        assertThat(t.uriFor("/orders")).isEqualTo("/v1/orders");
        assertThat(t.uriFor("")).isEqualTo("/v1");
        assertThat(t.uriFor("?q=1")).isEqualTo("/v1?q=1");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.ssl()).isTrue();
        assertThat(t.authority().toString()).isEqualTo("api.example.com");
    }
}
