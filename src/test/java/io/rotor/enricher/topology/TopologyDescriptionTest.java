package io.rotor.enricher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.TestLeadSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Pins every node, store and internal topic name. If this fails after a change, the change renames something a
 * running deployment has state in (parked retries, pending events, the cache): that loses it on upgrade.
 * build() itself enforces ensure.explicit.internal.resource.naming, so building here also proves every internal
 * topic and store is named.
 */
class TopologyDescriptionTest {
    private static final TopologyPorts PORTS = new TopologyPorts(new FakeLeadLookup(), new FakeSharedGate(), "fp",
            new TestLeadSerializer(), TestLeadSerializer.DESERIALIZER, new SplittableRandom(1)).withLister(new io.rotor.enricher.testkit.FakeLeadLister());

    @Test
    void theDescriptionIsPinned() throws IOException {
        TopologySettings settings = TopologySettings.defaults().with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(12));
        String actual = EnricherTopology.build(settings, PORTS).describe().toString();
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/topology-description.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.strip()).isEqualTo(expected.strip());
    }

    /**
     * With the leads table the lookup sub-topology gains a source, a merge, a sink, a local store and the miss
     * signals' repartition to the syncer; the sub-topology ids (and so the task ids that own state) are those of the
     * topology without it, and those of part 1 (the syncer stays 3; the watermark's global store is 4).
     */
    @Test
    void theDescriptionWithTheLeadsTableIsPinned() throws IOException {
        TopologySettings settings = TopologySettings.defaults().with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(12))
                .with(Settings.ENRICHER_CATALOG_SYNC, true);
        String actual = EnricherTopology.build(settings, PORTS).describe().toString();
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/topology-description-catalog.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.strip()).isEqualTo(expected.strip());
    }

    @Test
    void streamsPropertiesCarryWhatTheTopologyNeeds() {
        TopologySettings settings = TopologySettings.defaults().with(Settings.ENRICHER_MAX_EVENT_BYTES, 1_000_000);
        Properties props = EnricherTopology.streamsProperties(settings);
        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.getProperty(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo("true");
        assertThat(props.getProperty("topic.max.message.bytes")).isEqualTo(Integer.toString(1_000_000 + 65_536));
        assertThat(props.getProperty("producer.max.request.size")).isEqualTo(Integer.toString(1_000_000 + 65_536));
        assertThat(props.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isNull();
        assertThat(props.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterDeserializationHandler.class.getName());
        assertThat(props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterProcessingHandler.class.getName());
        assertThat(props.getProperty(EnricherTopology.DLQ_TOPIC_CONFIG)).isEqualTo(settings.dlqTopic());
        // Below the completion punctuator's 20 ms, so an idle thread does not hold finished lookups back.
        assertThat(Long.parseLong(props.getProperty(StreamsConfig.POLL_MS_CONFIG))).isLessThanOrEqualTo(20);
        // Task idling off: its readiness check formats log text for every empty partition (docs/BENCHMARKS.md).
        assertThat(props.getProperty(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("-1");
    }

    @Test
    void topicSpecsFollowTheSettings() {
        TopologySettings settings = TopologySettings.defaults().with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(6));
        TopicSpecs.TopicSpec retry = TopicSpecs.retry(settings);
        assertThat(retry.name()).isEqualTo("lead-events-retry");
        assertThat(retry.partitions()).hasValue(6);
        assertThat(retry.configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(14L * 24 * 3600 * 1000))
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes()));
        TopicSpecs.TopicSpec dlq = TopicSpecs.deadLetter(settings);
        assertThat(dlq.configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(30L * 24 * 3600 * 1000))
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes()));
        TopicSpecs.TopicSpec gate = TopicSpecs.gate(settings);
        assertThat(gate.name()).isEqualTo("rotor-lead-enricher-quota-gate");
        assertThat(gate.partitions()).hasValue(1);
        assertThat(gate.configs()).isEqualTo(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        TopicSpecs.TopicSpec replay = TopicSpecs.replay(settings, 4);
        assertThat(replay.name()).isEqualTo("lead-events-replay");
        assertThat(replay.partitions()).as("the input topic's count: ingest reads it").hasValue(4);
        assertThat(TopicSpecs.all(settings, 4)).hasSize(4);
        TopicSpecs.TopicSpec catalog = TopicSpecs.catalog(settings);
        assertThat(catalog.name()).isEqualTo("leads-catalog");
        assertThat(catalog.partitions()).as("the repartition topic's count: co-partitioned with the lookup").hasValue(6);
        assertThat(catalog.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(TopicSpecs.all(settings.with(Settings.ENRICHER_CATALOG_SYNC, true), 4)).hasSize(7).contains(catalog)
                .contains(TopicSpecs.catalogSync(settings), TopicSpecs.sweepWatermark(settings));
        assertThat(TopicSpecs.catalogSync(settings).partitions()).as("one task runs the sync").hasValue(1);
        TopicSpecs.TopicSpec watermark = TopicSpecs.sweepWatermark(settings);
        assertThat(watermark.name()).isEqualTo("rotor-lead-enricher-sweep-watermark");
        assertThat(watermark.partitions()).hasValue(1);
        assertThat(watermark.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
