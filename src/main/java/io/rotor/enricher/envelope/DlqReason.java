package io.rotor.enricher.envelope;

/** The value of the {@code rotor.dlq.reason} header: why an event ended on the dead-letter topic. */
public enum DlqReason {
    /** Not JSON (pointer mode), no lead id, an id the validator rejects, or larger than ENRICHER_MAX_EVENT_BYTES. */
    INVALID_EVENT,
    /** Rotor answered 404 after ENRICHER_NOT_FOUND_RETRIES delayed retries. */
    NOT_FOUND,
    /** Rotor's 200 body was not the documented envelope, twice. */
    BAD_RESPONSE,
    /** ENRICHER_MAX_ATTEMPTS real calls failed transiently, or ENRICHER_MAX_RETRY_AGE passed; the last cause is in rotor.error.*. */
    RETRIES_EXHAUSTED,
    /** Kafka Streams could not process the event (deserialization, serialization of the output, a processing bug). */
    STREAMS_ERROR
}
