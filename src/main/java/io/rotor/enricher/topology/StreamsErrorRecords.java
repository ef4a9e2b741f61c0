package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.Origin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The exception handlers' side of {@link TopologyRecords}: the DLQ topic and the header allow-list come from the
 * Streams config (the handlers are built by Kafka Streams), the record from {@link TopologyRecords#streamsError}.
 */
final class StreamsErrorRecords {
    /** Our own config key: the comma-separated ENRICHER_PASS_HEADERS, for the handlers. */
    static final String PASS_HEADERS_CONFIG = "rotor.enricher.pass.headers";

    private final String dlqTopic;
    private final TopologyRecords records;

    private StreamsErrorRecords(String dlqTopic, TopologyRecords records) {
        this.dlqTopic = dlqTopic;
        this.records = records;
    }

    static StreamsErrorRecords configure(Map<String, ?> configs) {
        Object topic = configs.get(EnricherTopology.DLQ_TOPIC_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(EnricherTopology.DLQ_TOPIC_CONFIG + " is not set: use EnricherTopology.streamsProperties()");
        }
        Object pass = configs.get(PASS_HEADERS_CONFIG);
        List<String> names = pass == null ? List.of()
                : Arrays.stream(pass.toString().split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        return new StreamsErrorRecords(topic.toString(), TopologyRecords.allowing(names, null));
    }

    /** See {@link TopologyRecords#streamsError}; stamped with the wall clock, when the handler writes it. */
    ProducerRecord<byte[], byte[]> deadLetter(Headers headers, Origin fallback, byte[] value, Throwable failure) {
        return records.streamsError(dlqTopic, headers, fallback, value, failure, System.currentTimeMillis());
    }
}
