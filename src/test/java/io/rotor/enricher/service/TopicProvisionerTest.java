package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.topology.RecordLimits;
import io.rotor.enricher.topology.TopicSpecs.TopicSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {
    /** An in-memory cluster: topic -> partitions, and what was created with which configs. */
    private static final class FakeAdmin implements TopicAdmin {
        final Map<String, Integer> topics = new HashMap<>();
        final Map<String, TopicSpec> created = new LinkedHashMap<>();
        /** max.message.bytes by topic; a topic missing here cannot be described (no DescribeConfigs). */
        final Map<String, Integer> maxMessageBytes = new HashMap<>();

        @Override
        public OptionalInt maxMessageBytes(String topic) {
            Integer n = maxMessageBytes.get(topic);
            return n == null ? OptionalInt.empty() : OptionalInt.of(n);
        }

        @Override
        public OptionalInt partitions(String topic) {
            Integer n = topics.get(topic);
            return n == null ? OptionalInt.empty() : OptionalInt.of(n);
        }

        @Override
        public boolean create(TopicSpec spec, int partitions) {
            if (topics.containsKey(spec.name())) {
                return false;
            }
            topics.put(spec.name(), partitions);
            created.put(spec.name(), spec);
            return true;
        }
    }

    private final FakeAdmin admin = new FakeAdmin();
    private final TopicProvisioner provisioner = new TopicProvisioner(admin);
    private final TopologySettings defaults = TopologySettings.defaults();

    @Test
    void theInputTopicIsNeverCreated() {
        assertThatThrownBy(() -> provisioner.prepare(defaults, true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ENRICHER_INPUT_TOPIC: topic 'lead-events' does not exist; the service never creates its input "
                        + "topic: create it, or set ENRICHER_INPUT_TOPIC to the topic your producers write to");
        assertThat(admin.created).isEmpty();
    }

    @Test
    void theOutputTopicMustExistToo() {
        admin.topics.put("lead-events", 6);

        assertThatThrownBy(() -> provisioner.prepare(defaults, true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ENRICHER_OUTPUT_TOPIC: topic 'leads-enriched' does not exist; the service does not create its "
                        + "output topic (its consumers own its shape): create it, or set ENRICHER_OUTPUT_TOPIC to an existing topic");
        assertThat(admin.created).isEmpty();
    }

    @Test
    void firstStartTakesTheInputCountAndCreatesRetryDlqGateAndReplayTopics() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 6);

        TopologySettings fixed = provisioner.prepare(defaults, true);

        assertThat(fixed.partitions()).isEqualTo(OptionalInt.of(6));
        assertThat(admin.created.keySet()).containsExactly("lead-events-retry", "lead-events-dlq", "rotor-lead-enricher-quota-gate",
                "lead-events-replay");
        assertThat(admin.topics).containsEntry("lead-events-retry", 6).containsEntry("rotor-lead-enricher-quota-gate", 1)
                .containsEntry("lead-events-replay", 6);
        assertThat(admin.created.get("lead-events-retry").configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(14L * 24 * 3600 * 1000))
                .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(512 * 1024 + 64 * 1024));
        assertThat(admin.created.get("rotor-lead-enricher-quota-gate").configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void withTheCatalogOnTheLeadsTableIsCreatedCompactedWithTheRepartitionCount() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 12);
        admin.topics.put("rotor-lead-enricher-by-lead-id-repartition", 6);
        admin.topics.put("lead-events-retry", 6);

        provisioner.prepare(defaults.with(Settings.ENRICHER_CATALOG_SYNC, true), true);

        assertThat(admin.topics).containsEntry("leads-catalog", 6);
        assertThat(admin.created.get("leads-catalog").configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void aLeadsTableWithAnotherPartitionCountIsRefusedWithTheFix() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 6);
        admin.topics.put("leads-catalog", 4);

        assertThatThrownBy(() -> provisioner.prepare(defaults.with(Settings.ENRICHER_CATALOG_SYNC, true), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENRICHER_CATALOG_TOPIC: topic 'leads-catalog' has 4 partitions but the lead-id "
                        + "repartition topic has 6 (ENRICHER_PARTITIONS)")
                .hasMessageContaining("delete 'leads-catalog' and let the service create it again");
        // With the catalog off the topic is none of the service's business.
        provisioner.prepare(defaults, true);
    }

    @Test
    void laterStartsKeepTheRepartitionTopicsCountEvenWhenTheInputGrew() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 12);
        admin.topics.put("rotor-lead-enricher-by-lead-id-repartition", 6);
        admin.topics.put("lead-events-retry", 6);

        assertThat(provisioner.prepare(defaults, true).partitions()).isEqualTo(OptionalInt.of(6));
    }

    @Test
    void anExplicitCountWinsAtFirstStartButMustMatchAnExistingRepartitionTopic() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 3);
        TopologySettings twelve = defaults.with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(12));

        assertThat(provisioner.prepare(twelve, true).partitions()).isEqualTo(OptionalInt.of(12));
        assertThat(admin.topics).containsEntry("lead-events-retry", 12);

        admin.topics.put("rotor-lead-enricher-by-lead-id-repartition", 12);
        TopologySettings eight = defaults.with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(8));
        assertThatThrownBy(() -> provisioner.prepare(eight, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENRICHER_PARTITIONS: 8 differs from the 12 partitions of the existing repartition "
                        + "topic 'rotor-lead-enricher-by-lead-id-repartition', which are fixed at the first start; "
                        + "unset ENRICHER_PARTITIONS or set it to 12");
    }

    @Test
    void aRetryTopicWithAnotherPartitionCountIsRefusedWithTheFix() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 6);
        admin.topics.put("lead-events-retry", 4);

        assertThatThrownBy(() -> provisioner.prepare(defaults, true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ENRICHER_RETRY_TOPIC: topic 'lead-events-retry' has 4 partitions but ENRICHER_PARTITIONS is 6; "
                        + "a lead's retries must meet its stores on the same partition: recreate 'lead-events-retry' with 6 "
                        + "partitions once it is drained, or point ENRICHER_RETRY_TOPIC at a topic with 6 partitions");
    }

    @Test
    void withoutTopicCreationAnAbsentTopicIsAConfigurationError() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 6);

        assertThatThrownBy(() -> provisioner.prepare(defaults, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENRICHER_CREATE_TOPICS: topic 'lead-events-retry' does not exist and "
                        + "ENRICHER_CREATE_TOPICS=false; create it with 6 partitions")
                .hasMessageEndingWith("or set ENRICHER_CREATE_TOPICS=true");
        assertThat(admin.created).isEmpty();
    }

    @Test
    void existingTopicsOfTheRightShapeAreLeftAlone() {
        admin.topics.put("leads-enriched", 1);
        admin.topics.put("lead-events", 6);
        admin.topics.put("lead-events-retry", 6);
        admin.topics.put("lead-events-dlq", 2);
        admin.topics.put("rotor-lead-enricher-quota-gate", 1);
        admin.topics.put("lead-events-replay", 6);

        provisioner.prepare(defaults, false);

        assertThat(admin.created).isEmpty();
    }

    @Test
    void theDeadLetterLimitIsTheSmallerOfTheDlqTopicAndTheProducerAndTheLossyRangeIsLoggedWithTheFix() {
        admin.maxMessageBytes.put("lead-events-dlq", 600_000);
        admin.maxMessageBytes.put("lead-events", 2_000_000);
        try (LogCapture logs = new LogCapture()) {
            assertThat(provisioner.deadLetterLimit(defaults, 700_000)).isEqualTo(600_000);
            assertThat(provisioner.deadLetterLimit(defaults, 550_000)).isEqualTo(550_000);
            assertThat(logs.all())
                    .contains("without their value (rotor.dlq.value-omitted: true")
                    .contains("to 2000000 bytes (the input topic's max.message.bytes)")
                    .contains("topic lead-events-dlq max.message.bytes 600000, producer max.request.size 700000")
                    .contains("raise max.message.bytes of topic lead-events-dlq and KAFKA_PRODUCER_MAX_REQUEST_SIZE to at least 2012288");
        }
    }

    @Test
    void whenTheDlqTakesEveryEventTheLogSaysValuesAreKept() {
        admin.maxMessageBytes.put("lead-events-dlq", 4_000_000);
        admin.maxMessageBytes.put("lead-events", 1_000_000);
        try (LogCapture logs = new LogCapture()) {
            assertThat(provisioner.deadLetterLimit(defaults, 4_000_000)).isEqualTo(4_000_000);
            assertThat(logs.all()).contains("go to the DLQ as EVENT_TOO_LARGE with their value").doesNotContain("without");
        }
    }

    @Test
    void withoutDescribeConfigsKafkasDefaultIsAssumedAndSaid() {
        try (LogCapture logs = new LogCapture()) {
            assertThat(provisioner.deadLetterLimit(defaults, 2_000_000)).isEqualTo(TopicProvisioner.KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
            assertThat(logs.all()).contains("Cannot read the configs of topic lead-events-dlq (no DescribeConfigs permission): "
                    + "assuming Kafka's default max.message.bytes 1048588");
        }
    }

    @Test
    void recordLimitsReadTheOutputTopicAndTheCacheChangelogCappedByTheProducer() {
        admin.maxMessageBytes.put("lead-events-dlq", 4_000_000);
        admin.maxMessageBytes.put("lead-events", 1_000_000);
        admin.maxMessageBytes.put("leads-enriched", 300_000);
        String changelog = defaults.applicationId() + "-lead-cache-changelog";
        try (LogCapture logs = new LogCapture()) {
            // Before Kafka Streams created the changelog: the size the service creates it with.
            RecordLimits first = provisioner.recordLimits(defaults, 2_000_000);
            assertThat(first).isEqualTo(new RecordLimits(2_000_000, 300_000, defaults.topicMaxMessageBytes()));
            assertThat(logs.all()).contains("Leads whose output record exceeds 300000 bytes (topic leads-enriched) or whose "
                    + "cache entry exceeds " + defaults.topicMaxMessageBytes() + " bytes (topic " + changelog + ") go to the DLQ as LEAD_TOO_LARGE");

            admin.topics.put(changelog, 2);
            admin.maxMessageBytes.put(changelog, 250_000);
            assertThat(provisioner.recordLimits(defaults, 2_000_000).cacheEntryBytes()).isEqualTo(250_000);
            assertThat(provisioner.recordLimits(defaults, 200_000)).isEqualTo(new RecordLimits(200_000, 200_000, 200_000));
        }
    }
}
