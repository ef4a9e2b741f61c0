package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds a STREAMS_ERROR dead-letter record in the same shape as every other: the original key and value
 * (rebuilt from the {@code rotor.origin.*} headers when the failing record came through the repartition or retry
 * topic), KIP-1034 headers with the original input's coordinates, and the pass headers.
 */
final class StreamsErrorRecords {
    /** Our own config key: the comma-separated ENRICHER_PASS_HEADERS, for the handlers. */
    static final String PASS_HEADERS_CONFIG = "rotor.enricher.pass.headers";

    private final String dlqTopic;
    private final Set<String> passHeaders;

    private StreamsErrorRecords(String dlqTopic, Set<String> passHeaders) {
        this.dlqTopic = dlqTopic;
        this.passHeaders = passHeaders;
    }

    static StreamsErrorRecords configure(Map<String, ?> configs) {
        Object topic = configs.get(EnricherTopology.DLQ_TOPIC_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(EnricherTopology.DLQ_TOPIC_CONFIG + " is not set: use EnricherTopology.streamsProperties()");
        }
        Object pass = configs.get(PASS_HEADERS_CONFIG);
        Set<String> names = pass == null ? Set.of() : Arrays.stream(pass.toString().split(","))
                .map(String::trim).filter(n -> !n.isEmpty() && HeaderNames.passable(n)).collect(Collectors.toUnmodifiableSet());
        return new StreamsErrorRecords(topic.toString(), names);
    }

    /**
     * @param headers  the failing record's headers
     * @param fallback the failing record's own coordinates and raw key, used when it carries no origin
     * @param value    the failing record's raw value: the original value (repartition and retry keep it unchanged)
     */
    ProducerRecord<byte[], byte[]> deadLetter(Headers headers, Origin fallback, byte[] value, Throwable failure) {
        Origin origin = FailureRecords.readOrigin(headers, fallback);
        RecordHeaders out = new RecordHeaders();
        for (Header h : headers) {
            if (passHeaders.contains(h.key())) {
                out.add(h.key(), h.value());
            }
        }
        String message = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        FailureRecords.writeDeadLetter(out, DlqReason.STREAMS_ERROR, message, failure, FailureRecords.readRetry(headers), origin);
        return new ProducerRecord<>(dlqTopic, null, origin.key(), value, out);
    }
}
