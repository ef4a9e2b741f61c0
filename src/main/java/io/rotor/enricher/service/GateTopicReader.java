package io.rotor.enricher.service;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads this key's last published gate state from the gate topic before Kafka Streams starts, so the preflight
 * call is skipped while another instance (or an earlier run) has seen the quota spent.
 */
public final class GateTopicReader {
    private GateTopicReader() {
    }

    /**
     * @param clientProperties bootstrap servers and security settings
     * @return the latest state under {@code gateKey}, or empty when the topic holds none
     */
    public static Optional<GateState> read(Map<String, Object> clientProperties, String topic, String gateKey, Duration timeout) {
        return Optional.ofNullable(readAll(clientProperties, topic, timeout).get(gateKey)).map(GateRecord::state);
    }

    /** {@link #readAll} with the service's Kafka settings (bootstrap servers, KAFKA_* security) from {@code config}. */
    public static Map<String, GateRecord> readAll(io.rotor.enricher.config.EnricherConfig config, Duration timeout) {
        return readAll(EnricherService.clientProperties(config,
                io.rotor.enricher.config.KafkaPropertyNames.consumerProperties(config.kafkaProperties())),
                config.topology().gateTopic(), timeout);
    }

    /**
     * Every key's gate record as the service merges them ({@link GateRecord#merge}), read {@code read_committed} up
     * to the end offsets taken at the start; empty when the topic does not exist. Unreadable records change nothing.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the end is not reached within {@code timeout}
     */
    public static Map<String, GateRecord> readAll(Map<String, Object> clientProperties, String topic, Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, GateRecord> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return byKey;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new org.apache.kafka.common.errors.TimeoutException("the gate topic " + topic
                            + " was not read to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        byKey.compute(record.key(), (k, held) -> GateRecord.merge(held, GateStateJson.decodeRecord(record.value())));
                    }
                }
            }
            return byKey;
        }
    }
}
