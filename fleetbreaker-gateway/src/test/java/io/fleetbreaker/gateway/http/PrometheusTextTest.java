package io.fleetbreaker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void familiesAndSamples_followTheTextFormat() {
        String text = new PrometheusText().family("m_total", "counter", "Help text.")
                .sample("m_total", 3, "circuit", "a\"b\\c\nd").sample("m_total", 0.5).toString();
        assertThat(text).isEqualTo("# HELP m_total Help text.\n# TYPE m_total counter\n"
                + "m_total{circuit=\"a\\\"b\\\\c\\nd\"} 3\nm_total 0.5\n");
    }
}
