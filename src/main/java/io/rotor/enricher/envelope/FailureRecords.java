package io.rotor.enricher.envelope;

import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Writes and reads the retry and dead-letter headers (names in {@link HeaderNames}); values are UTF-8 decimal or
 * text, except {@code rotor.origin.key} which is the raw key.
 */
public final class FailureRecords {
    private FailureRecords() {
    }

    /** Class names of failures of the environment, not of the event: they are rethrown, never dead-lettered. */
    private static final java.util.Set<String> ENVIRONMENT_FAILURES = java.util.Set.of(
            RegistryUnavailableException.class.getName(),
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.AuthenticationException",
            "org.apache.kafka.common.errors.AuthorizationException",
            "org.apache.kafka.streams.errors.TaskMigratedException",
            "org.apache.kafka.common.errors.ProducerFencedException",
            "org.apache.kafka.common.errors.InvalidPidMappingException",
            "java.lang.OutOfMemoryError");

    /** Whether {@code failure} (or a cause) is the environment's fault: registry outage, broker timeout, fencing. */
    public static boolean isEnvironmentFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (ENVIRONMENT_FAILURES.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    public static void writeOrigin(Headers headers, Origin origin) {
        putText(headers, HeaderNames.ORIGIN_TOPIC, origin.topic());
        putText(headers, HeaderNames.ORIGIN_PARTITION, Integer.toString(origin.partition()));
        putText(headers, HeaderNames.ORIGIN_OFFSET, Long.toString(origin.offset()));
        putText(headers, HeaderNames.ORIGIN_TIMESTAMP, Long.toString(origin.timestamp()));
        headers.remove(HeaderNames.ORIGIN_KEY);
        if (origin.key() != null) {
            headers.add(HeaderNames.ORIGIN_KEY, origin.key());
        }
    }

    /** Format 1 of {@link HeaderNames#INTERNAL_ORIGIN}. */
    private static final byte COMPACT_ORIGIN_VERSION = 1;

    /**
     * The origin as one binary header, for the lead-id repartition topic: version (1 byte), partition (int32),
     * offset (int64), timestamp (int64), topic (int16 length + UTF-8), key (int32 length, -1 for null, + bytes).
     */
    public static void writeCompactOrigin(Headers headers, Origin origin) {
        byte[] topic = origin.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] key = origin.key();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 4 + 8 + 8 + 2 + topic.length + 4 + (key == null ? 0 : key.length));
        b.put(COMPACT_ORIGIN_VERSION).putInt(origin.partition()).putLong(origin.offset()).putLong(origin.timestamp())
                .putShort((short) topic.length).put(topic).putInt(key == null ? -1 : key.length);
        if (key != null) {
            b.put(key);
        }
        headers.remove(HeaderNames.INTERNAL_ORIGIN);
        headers.add(HeaderNames.INTERNAL_ORIGIN, b.array());
    }

    /** The compact origin, or null when {@code value} is not one this version reads. */
    static Origin readCompactOrigin(byte[] value) {
        if (value == null || value.length < 27 || value[0] != COMPACT_ORIGIN_VERSION) {
            return null;
        }
        try {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(value, 1, value.length - 1);
            int partition = b.getInt();
            long offset = b.getLong();
            long timestamp = b.getLong();
            byte[] topic = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(topic);
            int keyLength = b.getInt();
            byte[] key = null;
            if (keyLength >= 0) {
                key = new byte[keyLength];
                b.get(key);
            }
            return b.hasRemaining() ? null
                    : new Origin(new String(topic, java.nio.charset.StandardCharsets.UTF_8), partition, offset, timestamp, key);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * The origin the headers carry (the compact header of the repartition topic, else the {@code rotor.origin.*}
     * text headers), or {@code fallback} when they carry none (a record written by another tool).
     */
    public static Origin readOrigin(Headers headers, Origin fallback) {
        Header compact = headers.lastHeader(HeaderNames.INTERNAL_ORIGIN);
        if (compact != null) {
            Origin origin = readCompactOrigin(compact.value());
            if (origin != null) {
                return origin;
            }
        }
        String topic = text(headers, HeaderNames.ORIGIN_TOPIC);
        if (topic == null) {
            return fallback;
        }
        Header key = headers.lastHeader(HeaderNames.ORIGIN_KEY);
        return new Origin(topic,
                (int) number(headers, HeaderNames.ORIGIN_PARTITION, -1),
                number(headers, HeaderNames.ORIGIN_OFFSET, -1),
                number(headers, HeaderNames.ORIGIN_TIMESTAMP, -1),
                key == null ? null : key.value() == null ? new byte[0] : key.value());
    }

    /** The retry topic's headers (without the origin, written separately). */
    public static void writeRetry(Headers headers, long notBeforeMs, RetryState state) {
        putText(headers, HeaderNames.RETRY_NOT_BEFORE, Long.toString(notBeforeMs));
        putText(headers, HeaderNames.RETRY_FIRST_FAILURE, Long.toString(state.firstFailureMs()));
        putText(headers, HeaderNames.RETRY_NOT_FOUND_RETRIES, Integer.toString(state.notFoundRetries()));
        putText(headers, HeaderNames.RETRY_BAD_RESPONSE_RETRIES, Integer.toString(state.badResponseRetries()));
        writeAttemptAndError(headers, state);
    }

    public static long readNotBefore(Headers headers, long fallback) {
        return number(headers, HeaderNames.RETRY_NOT_BEFORE, fallback);
    }

    public static RetryState readRetry(Headers headers) {
        String outcome = text(headers, HeaderNames.ERROR_OUTCOME);
        Outcome last = null;
        if (outcome != null) {
            try {
                last = Outcome.valueOf(outcome);
            } catch (IllegalArgumentException unknown) {
                last = Outcome.UNEXPECTED_STATUS;
            }
        }
        return new RetryState(
                (int) number(headers, HeaderNames.RETRY_ATTEMPT, 0),
                number(headers, HeaderNames.RETRY_FIRST_FAILURE, -1),
                last,
                (int) number(headers, HeaderNames.ERROR_STATUS, 0),
                text(headers, HeaderNames.ERROR_CODE),
                text(headers, HeaderNames.ERROR_MESSAGE),
                (int) number(headers, HeaderNames.RETRY_NOT_FOUND_RETRIES, 0),
                (int) number(headers, HeaderNames.RETRY_BAD_RESPONSE_RETRIES, 0));
    }

    /**
     * The dead-letter headers: KIP-1034's with the original input coordinates, the reason, the attempt count and
     * the last {@code rotor.error.*}, and {@code rotor.dlq.at}. {@code cause} null means no exception caused it
     * (Rotor's answer, an invalid event).
     *
     * @param atMs when the record is written (epoch ms): its {@code rotor.dlq.at}, and the record's timestamp
     */
    public static void writeDeadLetter(Headers headers, DlqReason reason, String message,
                                       Throwable cause, RetryState state, Origin origin, long atMs) {
        Throwable shown = cause != null ? cause : new EnrichmentFailedException(reason, message);
        putText(headers, HeaderNames.STREAMS_ERROR_EXCEPTION, shown.getClass().getName());
        putText(headers, HeaderNames.STREAMS_ERROR_MESSAGE, message);
        putText(headers, HeaderNames.STREAMS_ERROR_STACKTRACE, stackTrace(shown));
        putText(headers, HeaderNames.STREAMS_ERROR_TOPIC, origin.topic());
        putText(headers, HeaderNames.STREAMS_ERROR_PARTITION, Integer.toString(origin.partition()));
        putText(headers, HeaderNames.STREAMS_ERROR_OFFSET, Long.toString(origin.offset()));
        putText(headers, HeaderNames.DLQ_REASON, reason.name());
        putText(headers, HeaderNames.DLQ_AT, Long.toString(atMs));
        writeAttemptAndError(headers, state);
        writeOrigin(headers, origin);
    }

    /** A stack trace cut to at most 8 KiB of UTF-8 (on a character boundary). */
    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= HeaderNames.STACKTRACE_MAX_BYTES) {
            return text;
        }
        int end = HeaderNames.STACKTRACE_MAX_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
    }

    private static void writeAttemptAndError(Headers headers, RetryState state) {
        putText(headers, HeaderNames.RETRY_ATTEMPT, Integer.toString(state.attempts()));
        for (String name : new String[] {HeaderNames.ERROR_OUTCOME, HeaderNames.ERROR_STATUS, HeaderNames.ERROR_CODE, HeaderNames.ERROR_MESSAGE}) {
            headers.remove(name);
        }
        if (state.lastOutcome() != null) {
            putText(headers, HeaderNames.ERROR_OUTCOME, state.lastOutcome().name());
            putText(headers, HeaderNames.ERROR_STATUS, Integer.toString(state.lastStatus()));
            if (state.lastCode() != null) {
                putText(headers, HeaderNames.ERROR_CODE, state.lastCode());
            }
            if (state.lastMessage() != null) {
                putText(headers, HeaderNames.ERROR_MESSAGE, state.lastMessage());
            }
        }
    }

    public static void putText(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static long number(Headers headers, String name, long fallback) {
        String text = text(headers, name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
