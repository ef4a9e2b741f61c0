package io.rotor.enricher.topology;

import io.rotor.enricher.config.TopologySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;

/** The topics the service creates itself (with Admin, in the runner) and their settings. */
public final class TopicSpecs {
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);

    /**
     * @param partitions the partition count; empty for the retry topic when ENRICHER_PARTITIONS is unset: the runner
     *                   then uses the lead-id repartition topic's count (a lead's retries must meet its stores)
     */
    public record TopicSpec(String name, OptionalInt partitions, Map<String, String> configs) {
    }

    private TopicSpecs() {
    }

    public static TopicSpec retry(TopologySettings settings) {
        return new TopicSpec(settings.retryTopic(), settings.partitions(), Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.maxRetryAge().multipliedBy(2).toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes())));
    }

    public static TopicSpec deadLetter(TopologySettings settings) {
        return new TopicSpec(settings.dlqTopic(), settings.partitions(), Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(DLQ_RETENTION.toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes())));
    }

    /** The replay topic: read by ingest beside the input, so it has the input topic's partition count. */
    public static TopicSpec replay(TopologySettings settings, int inputPartitions) {
        return new TopicSpec(settings.replayTopic(), OptionalInt.of(inputPartitions), Map.of(
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.maxRetryAge().multipliedBy(2).toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes())));
    }

    public static TopicSpec gate(TopologySettings settings) {
        return new TopicSpec(settings.gateTopic(), OptionalInt.of(1), Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    public static List<TopicSpec> all(TopologySettings settings, int inputPartitions) {
        return List.of(retry(settings), deadLetter(settings), gate(settings), replay(settings, inputPartitions));
    }
}
