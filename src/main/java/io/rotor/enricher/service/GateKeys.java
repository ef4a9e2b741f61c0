package io.rotor.enricher.service;

import io.rotor.enricher.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The gate topic's record key: instances sharing an API key share one gate record. A SHA-256 fingerprint, so the
 * key itself never reaches Kafka.
 */
public final class GateKeys {
    private GateKeys() {
    }

    public static String fingerprint(Secret apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("rotor-lead-enricher/gate\n" + apiKey.reveal()).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
