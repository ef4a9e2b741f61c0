package io.rotor.enricher.service;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.time.Duration;
import java.time.Instant;
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
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            GateRecord latest = null;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (gateKey.equals(record.key())) {
                        latest = GateRecord.merge(latest, GateStateJson.decodeRecord(record.value()));
                    }
                }
            }
            return Optional.ofNullable(latest).map(GateRecord::state);
        }
    }
}
