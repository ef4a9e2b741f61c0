package io.rotor.enricher.envelope;

/** The value of the {@code rotor.dlq.reason} header: why an event ended on the dead-letter topic. */
public enum DlqReason {
    /** Not JSON (pointer mode), no lead id, or an id the validator rejects. */
    INVALID_EVENT,
    /**
     * Larger than ENRICHER_MAX_EVENT_BYTES (key, value and headers, uncompressed). The value is kept when the dead-letter
     * record fits the DLQ topic and the producer; otherwise it is left out and rotor.dlq.value-omitted says so.
     */
    EVENT_TOO_LARGE,
    /** Rotor answered 404 after ENRICHER_NOT_FOUND_RETRIES delayed retries. */
    NOT_FOUND,
    /** Rotor's 200 body was not the documented envelope, twice. */
    BAD_RESPONSE,
    /** ENRICHER_MAX_ATTEMPTS real calls failed transiently, or ENRICHER_MAX_RETRY_AGE passed; the last cause is in rotor.error.*. */
    RETRIES_EXHAUSTED,
    /**
     * Rotor, or something in front of it, refused this lead's request with a status that says nothing about the key
     * (a 403 or 404 without Rotor's envelope, a 400, ...) ENRICHER_MAX_ATTEMPTS times; the status is in rotor.error.status.
     */
    REJECTED,
    /**
     * Rotor's lead, encoded as the output's Avro, would exceed what the output topic, the producer or the lead cache's
     * changelog accepts; the lead is cached as too large for ENRICHER_CACHE_TTL, so its events cost no call meanwhile.
     */
    LEAD_TOO_LARGE,
    /** Kafka Streams could not process the event (deserialization, serialization of the output, a processing bug). */
    STREAMS_ERROR
}
