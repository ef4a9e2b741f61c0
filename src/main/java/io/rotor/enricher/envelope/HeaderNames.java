package io.rotor.enricher.envelope;

import java.util.List;

/** Every header name the topology reads or writes: a public contract, listed in the README. */
public final class HeaderNames {
    private HeaderNames() {
    }

    /** Incoming headers with this prefix are dropped at ingest: a producer must not forge the service's own. */
    public static final String ROTOR_PREFIX = "rotor.";

    public static final String ORIGIN_TOPIC = "rotor.origin.topic";
    public static final String ORIGIN_PARTITION = "rotor.origin.partition";
    public static final String ORIGIN_OFFSET = "rotor.origin.offset";
    public static final String ORIGIN_TIMESTAMP = "rotor.origin.timestamp";
    /** The input record's raw key bytes; absent when the input record had a null key (empty when it was empty). */
    public static final String ORIGIN_KEY = "rotor.origin.key";

    /**
     * Internal, never written to a topic: the timestamp extractor's note of a negative record timestamp, for ingest
     * (which removes it, like every incoming {@code rotor.*} header).
     */
    public static final String SOURCE_TIMESTAMP = "rotor.internal.source-timestamp";

    /**
     * Internal, only on the lead-id repartition topic: the origin in one binary header instead of the five
     * {@code rotor.origin.*} ones (fewer headers to write, read and decode per event; see {@code FailureRecords}).
     * Records of the previous release there carry the text form, which is still read.
     */
    public static final String INTERNAL_ORIGIN = "rotor.internal.origin";

    public static final String FETCHED_AT = "rotor.fetched-at";
    public static final String CACHE_HIT = "rotor.cache-hit";
    /** {@code true} when the output carries an expired copy of the lead (ENRICHER_STALE_IF_ERROR); always present. */
    public static final String STALE = "rotor.stale";
    public static final String WARNING = "rotor.warning";
    /** On the leads table: where the lead came from, {@code lookup} (by id), {@code sync} (the catalog's list) or {@code sweep} (its newest leads, for misses). */
    public static final String SOURCE = "rotor.source";

    public static final String RETRY_ATTEMPT = "rotor.retry.attempt";
    public static final String RETRY_NOT_BEFORE = "rotor.retry.not-before";
    public static final String RETRY_FIRST_FAILURE = "rotor.retry.first-failure";
    public static final String RETRY_NOT_FOUND_RETRIES = "rotor.retry.not-found-retries";
    public static final String RETRY_BAD_RESPONSE_RETRIES = "rotor.retry.bad-response-retries";

    public static final String ERROR_OUTCOME = "rotor.error.outcome";
    public static final String ERROR_STATUS = "rotor.error.status";
    public static final String ERROR_CODE = "rotor.error.code";
    public static final String ERROR_MESSAGE = "rotor.error.message";

    /** The event's lead id on a dead-letter record, when one was extracted (replay's --lead-id selects by it). */
    public static final String LEAD_ID = "rotor.lead-id";
    /**
     * How many times the event was replayed from the DLQ: written by {@code replay}, trusted by ingest on the replay
     * topic only, and carried to the event's output, retry and dead-letter records.
     */
    public static final String REPLAY_COUNT = "rotor.replay.count";

    public static final String DLQ_REASON = "rotor.dlq.reason";
    /** When the service wrote the dead-letter record (epoch ms); also its record timestamp. */
    public static final String DLQ_AT = "rotor.dlq.at";
    /** {@code true} on an EVENT_TOO_LARGE record written without the event's value (it would not fit the DLQ). */
    public static final String DLQ_VALUE_OMITTED = "rotor.dlq.value-omitted";
    /** The event's size in bytes (key, value and headers, uncompressed) on an EVENT_TOO_LARGE record. */
    public static final String DLQ_ORIGINAL_SIZE = "rotor.dlq.original-size";

    /** KIP-1034 dead-letter header names, with the original input record's coordinates. */
    public static final String STREAMS_ERROR_EXCEPTION = "__streams.errors.exception";
    public static final String STREAMS_ERROR_MESSAGE = "__streams.errors.message";
    public static final String STREAMS_ERROR_STACKTRACE = "__streams.errors.stacktrace";
    public static final String STREAMS_ERROR_TOPIC = "__streams.errors.topic";
    public static final String STREAMS_ERROR_PARTITION = "__streams.errors.partition";
    public static final String STREAMS_ERROR_OFFSET = "__streams.errors.offset";
    public static final int STACKTRACE_MAX_BYTES = 8 * 1024;

    /** Confluent 8.x deserializers read these before the payload prefix: a stale one must never pass. */
    public static final List<String> SCHEMA_ID_HEADERS = List.of("__key_schema_id", "__value_schema_id");

    /** Whether an input header named {@code name} may be passed to the output when ENRICHER_PASS_HEADERS lists it. */
    public static boolean passable(String name) {
        return !name.startsWith(ROTOR_PREFIX) && !name.startsWith("__") && !SCHEMA_ID_HEADERS.contains(name);
    }
}
