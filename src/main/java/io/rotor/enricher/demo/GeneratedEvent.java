package io.rotor.enricher.demo;

import java.nio.charset.StandardCharsets;

/**
 * One input event as the demo produces it.
 *
 * @param kind   what the event is meant to exercise
 * @param leadId the lead id it carries, or null when it carries none a lookup could use
 * @param key    record key bytes (null for events without a usable id)
 * @param value  record value bytes
 */
public record GeneratedEvent(Kind kind, String leadId, byte[] key, byte[] value) {

    public enum Kind {
        /** A lead from the catalog: ends as a Lead on the output topic (after retries if Rotor fails). */
        KNOWN,
        /** A lead Rotor does not know: ends in the DLQ as NOT_FOUND. */
        UNKNOWN,
        NOT_JSON,
        NO_ID,
        NUMERIC_ID,
        DOT_DOT;

        /** Whether the validator rejects the event before any lookup (DLQ as INVALID_EVENT). */
        public boolean invalid() {
            return this != KNOWN && this != UNKNOWN;
        }
    }

    public String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
