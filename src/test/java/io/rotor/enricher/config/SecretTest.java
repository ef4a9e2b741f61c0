package io.rotor.enricher.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void neverShowsItsValue() {
        Secret key = Secret.of("rk_live_abcdef");
        assertThat(key.toString()).doesNotContain("rk_live").isEqualTo("****");
        assertThat(String.valueOf(new Object[] {key}[0])).isEqualTo("****");
        assertThat(key.reveal()).isEqualTo("rk_live_abcdef");
        assertThat(Secret.of("").toString()).isEqualTo("<empty>");
    }
}
