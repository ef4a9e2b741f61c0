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

    /**
     * The leads table: compacted (a lead's latest record, a deleted lead's tombstone until compaction drops it), with
     * the repartition topic's partition count, so each lead's record meets the lookup task that owns the lead.
     */
    public static TopicSpec catalog(TopologySettings settings) {
        return new TopicSpec(settings.catalogTopic(), settings.partitions(), Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes())));
    }

    /** The catalog syncer's topic: exactly one partition, so one task in the fleet runs the sync. Nothing is written to it. */
    public static TopicSpec catalogSync(TopologySettings settings) {
        return new TopicSpec(settings.catalogSyncTopic(), OptionalInt.of(1), Map.of());
    }

    /** The sweeps' watermark: one partition, compacted (one key: the latest watermark is all every instance needs). */
    public static TopicSpec sweepWatermark(TopologySettings settings) {
        return new TopicSpec(settings.sweepWatermarkTopic(), OptionalInt.of(1), Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes())));
    }

    /** The topics the service creates: the leads table, the sync and the watermark topic only with ENRICHER_CATALOG_SYNC=true. */
    public static List<TopicSpec> all(TopologySettings settings, int inputPartitions) {
        List<TopicSpec> specs = new java.util.ArrayList<>(List.of(retry(settings), deadLetter(settings), gate(settings),
                replay(settings, inputPartitions)));
        if (settings.catalogSync()) {
            specs.add(catalog(settings));
            specs.add(catalogSync(settings));
            specs.add(sweepWatermark(settings));
        }
        return List.copyOf(specs);
    }
}
