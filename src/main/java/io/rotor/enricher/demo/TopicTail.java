package io.rotor.enricher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from the beginning with {@code read_committed}, without a consumer group, so only what the
 * service's exactly-once transactions committed is counted. Topics the service has not created yet are picked up
 * once they appear.
 */
public final class TopicTail implements AutoCloseable {
    private static final Duration METADATA_REFRESH = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private long lastRefreshNanos;

    public TopicTail(String bootstrapServers, Collection<String> topics) {
        this.topics = List.copyOf(topics);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-tail-" + String.join("-", topics));
        // Fuzzed events can be large; one fetch must be able to carry the largest record.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        refreshAssignment();
    }

    /** Polls once; never returns records of transactions that were aborted or are still open. */
    public List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        if (System.nanoTime() - lastRefreshNanos > METADATA_REFRESH.toNanos()) {
            refreshAssignment();
        }
        if (assigned.isEmpty()) {
            return List.of();
        }
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consumer.poll(timeout).forEach(out::add);
        return out;
    }

    /**
     * Whether every partition of every topic has been read up to its last stable offset (what a read_committed
     * reader can see now). Topics that do not exist yet count as read.
     */
    public boolean caughtUp() {
        if (assigned.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Reads until {@link #caughtUp()} or the deadline, returning what was read. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        refreshAssignment();
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        do {
            out.addAll(poll(Duration.ofMillis(100)));
        } while (!caughtUp() && System.nanoTime() < deadline);
        return out;
    }

    private void refreshAssignment() {
        lastRefreshNanos = System.nanoTime();
        Set<TopicPartition> wanted = new HashSet<>(assigned);
        for (String topic : topics) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo p : partitions) {
                wanted.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        if (!wanted.equals(assigned)) {
            Set<TopicPartition> added = new HashSet<>(wanted);
            added.removeAll(assigned);
            consumer.assign(wanted);
            consumer.seekToBeginning(added);
            assigned.clear();
            assigned.addAll(wanted);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
