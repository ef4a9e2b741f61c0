package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Secret;
import org.junit.jupiter.api.Test;

class GateKeysTest {
    @Test
    void gateKeysAreStableFingerprintsThatHideTheKey() {
        String a = GateKeys.fingerprint(Secret.of("rk_live_abc"));

        assertThat(a).isEqualTo(GateKeys.fingerprint(Secret.of("rk_live_abc")))
                .isNotEqualTo(GateKeys.fingerprint(Secret.of("rk_live_abd")))
                .startsWith("sha256:").hasSize("sha256:".length() + 32)
                .doesNotContain("rk_live_abc");
    }
}
