package io.rotor.enricher.demo;

import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Feeds what a read_committed reader sees on the output, DLQ and retry topics into a {@link ConservationLedger},
 * matching each result to its input event by the origin headers the service writes ({@code rotor.origin.*} on
 * output records, KIP-1034's {@code __streams.errors.*} on DLQ records), and counts cache hits and retries.
 */
public final class ResultTally {
    private final ConservationLedger ledger;
    private final String outputTopic;
    private final String dlqTopic;
    private final String retryTopic;
    private long leadsOut;
    private long cacheHits;
    private long retries;

    public ResultTally(ConservationLedger ledger, String outputTopic, String dlqTopic, String retryTopic) {
        this.ledger = ledger;
        this.outputTopic = outputTopic;
        this.dlqTopic = dlqTopic;
        this.retryTopic = retryTopic;
    }

    public void accept(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        if (record.topic().equals(outputTopic)) {
            leadsOut++;
            if ("true".equals(text(headers, HeaderNames.CACHE_HIT))) {
                cacheHits++;
            }
            ledger.recordOutput(origin(headers, HeaderNames.ORIGIN_TOPIC, HeaderNames.ORIGIN_PARTITION, HeaderNames.ORIGIN_OFFSET));
        } else if (record.topic().equals(dlqTopic)) {
            ledger.recordDlq(origin(headers, HeaderNames.STREAMS_ERROR_TOPIC, HeaderNames.STREAMS_ERROR_PARTITION, HeaderNames.STREAMS_ERROR_OFFSET),
                    text(headers, HeaderNames.DLQ_REASON), record.key(), record.value());
        } else if (record.topic().equals(retryTopic)) {
            retries++;
        } else {
            throw new IllegalArgumentException("not a result topic: " + record.topic());
        }
    }

    public long leadsOut() {
        return leadsOut;
    }

    public long cacheHits() {
        return cacheHits;
    }

    public long retries() {
        return retries;
    }

    /** The origin three headers name, or null when one is missing or not a number. */
    static InputRef origin(Headers headers, String topicHeader, String partitionHeader, String offsetHeader) {
        String topic = text(headers, topicHeader);
        String partition = text(headers, partitionHeader);
        String offset = text(headers, offsetHeader);
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        try {
            return new InputRef(topic, Integer.parseInt(partition), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
