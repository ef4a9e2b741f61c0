package io.rotor.enricher.service;

import static io.rotor.enricher.config.Settings.ENRICHER_CATALOG_TOPIC;
import static io.rotor.enricher.config.Settings.ENRICHER_CREATE_TOPICS;
import static io.rotor.enricher.config.Settings.ENRICHER_INPUT_TOPIC;
import static io.rotor.enricher.config.Settings.ENRICHER_OUTPUT_TOPIC;
import static io.rotor.enricher.config.Settings.ENRICHER_PARTITIONS;
import static io.rotor.enricher.config.Settings.ENRICHER_RETRY_TOPIC;

import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.topology.EnricherTopology;
import io.rotor.enricher.topology.RecordLimits;
import io.rotor.enricher.topology.TopicSpecs;
import io.rotor.enricher.topology.TopicSpecs.TopicSpec;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks and creation of the service's topics. Never creates the input or the output topic. Fixes the partition count
 * of the lead-id repartition and retry topics: ENRICHER_PARTITIONS when set, else the existing repartition
 * topic's count, else the input topic's count at the first start (never re-derived from a grown input).
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Kafka's default of a topic's max.message.bytes (the broker's message.max.bytes). */
    static final int KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    private static final String PRODUCER_MAX_REQUEST_SIZE_SETTING = Settings.KAFKA_PREFIX + "PRODUCER_MAX_REQUEST_SIZE";

    private final TopicAdmin admin;

    public TopicProvisioner(TopicAdmin admin) {
        this.admin = admin;
    }

    /** The repartition topic Kafka Streams creates for the by-lead-id repartition. */
    public static String repartitionTopic(TopologySettings settings) {
        return settings.applicationId() + "-" + EnricherTopology.REPARTITION + "-repartition";
    }

    /**
     * Checks and creates topics; returns the settings with the partition count fixed.
     *
     * @throws ConfigException naming the setting and the fix when a topic is absent or has the wrong shape
     */
    public TopologySettings prepare(TopologySettings settings, boolean createTopics) {
        OptionalInt input = admin.partitions(settings.inputTopic());
        if (input.isEmpty()) {
            throw new ConfigException(ENRICHER_INPUT_TOPIC.name() + ": topic '" + settings.inputTopic()
                    + "' does not exist; the service never creates its input topic: create it, or set "
                    + ENRICHER_INPUT_TOPIC.name() + " to the topic your producers write to");
        }
        if (admin.partitions(settings.outputTopic()).isEmpty()) {
            throw new ConfigException(ENRICHER_OUTPUT_TOPIC.name() + ": topic '" + settings.outputTopic()
                    + "' does not exist; the service does not create its output topic (its consumers own its shape): "
                    + "create it, or set " + ENRICHER_OUTPUT_TOPIC.name() + " to an existing topic");
        }
        int partitions = resolvePartitions(settings, input.getAsInt());
        TopologySettings fixed = settings.with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(partitions));

        for (TopicSpec spec : TopicSpecs.all(fixed, input.getAsInt())) {
            int wanted = spec.partitions().orElse(partitions);
            OptionalInt existing = admin.partitions(spec.name());
            if (existing.isEmpty()) {
                if (!createTopics) {
                    throw new ConfigException(ENRICHER_CREATE_TOPICS.name() + ": topic '" + spec.name()
                            + "' does not exist and " + ENRICHER_CREATE_TOPICS.name() + "=false; create it with "
                            + wanted + " partitions and configs " + spec.configs() + ", or set "
                            + ENRICHER_CREATE_TOPICS.name() + "=true");
                }
                if (admin.create(spec, wanted)) {
                    LOG.info("Created topic {} with {} partitions {}", spec.name(), wanted, spec.configs());
                }
                existing = admin.partitions(spec.name());
            }
            if (spec.name().equals(fixed.retryTopic()) && existing.isPresent() && existing.getAsInt() != partitions) {
                throw new ConfigException(ENRICHER_RETRY_TOPIC.name() + ": topic '" + spec.name() + "' has "
                        + existing.getAsInt() + " partitions but " + ENRICHER_PARTITIONS.name() + " is " + partitions
                        + "; a lead's retries must meet its stores on the same partition: recreate '" + spec.name()
                        + "' with " + partitions + " partitions once it is drained, or point "
                        + ENRICHER_RETRY_TOPIC.name() + " at a topic with " + partitions + " partitions");
            }
            if (fixed.catalogSync() && spec.name().equals(fixed.catalogSyncTopic()) && existing.isPresent() && existing.getAsInt() != 1) {
                throw new ConfigException(Settings.ENRICHER_CATALOG_SYNC.name() + ": topic '" + spec.name() + "' has "
                        + existing.getAsInt() + " partitions; the catalog sync runs in the one task of its one partition, "
                        + "so with more the fleet would run several syncs and spend the quota several times: delete '"
                        + spec.name() + "' (it holds no data) and let the service create it with 1 partition");
            }
            if (fixed.catalogSync() && spec.name().equals(fixed.catalogTopic()) && existing.isPresent()
                    && existing.getAsInt() != partitions) {
                throw new ConfigException(ENRICHER_CATALOG_TOPIC.name() + ": topic '" + spec.name() + "' has "
                        + existing.getAsInt() + " partitions but the lead-id repartition topic has " + partitions
                        + " (" + ENRICHER_PARTITIONS.name() + "); the leads table is co-partitioned with the lookup stage, so "
                        + "each lead's record meets the task that owns the lead: delete '" + spec.name() + "' and let the "
                        + "service create it again (the next sync fills it), or point " + ENRICHER_CATALOG_TOPIC.name()
                        + " at a new topic");
            }
        }
        return fixed;
    }

    /**
     * The largest dead-letter record the cluster takes: the smaller of the DLQ topic's {@code max.message.bytes}
     * and the producer's {@code max.request.size}. Logs once which EVENT_TOO_LARGE records will go without their
     * value, and what to raise. Without permission to read topic configs Kafka's default is assumed, and said.
     */
    public int deadLetterLimit(TopologySettings settings, int maxRequestSize) {
        int dlq = maxMessageBytes(settings.dlqTopic());
        int input = maxMessageBytes(settings.inputTopic());
        int limit = Math.min(dlq, maxRequestSize);
        // What a dead-letter record adds to the event: KIP-1034 headers (an 8 KiB stack trace at most), reason, origin.
        int envelope = 12 * 1024;
        if (input + envelope <= limit) {
            LOG.info("Events over {} bytes ({}) go to the DLQ as {} with their value: the DLQ record limit is {} bytes "
                    + "(topic {} max.message.bytes {}, producer max.request.size {}), above the input topic's {}",
                    settings.maxEventBytes(), Settings.ENRICHER_MAX_EVENT_BYTES.name(), DlqReason.EVENT_TOO_LARGE, limit,
                    settings.dlqTopic(), dlq, maxRequestSize, input);
        } else {
            int needed = input + envelope;
            LOG.warn("Events of about {} to {} bytes (the input topic's max.message.bytes) go to the DLQ as {} without "
                    + "their value ({}: true; the origin headers say where to fetch it while the input retains it): the "
                    + "DLQ record limit is {} bytes (topic {} max.message.bytes {}, producer max.request.size {}). To keep "
                    + "their values raise max.message.bytes of topic {} and {} to at least {}",
                    Math.max(settings.maxEventBytes() + 1, limit - envelope), input, DlqReason.EVENT_TOO_LARGE,
                    HeaderNames.DLQ_VALUE_OMITTED, limit, settings.dlqTopic(), dlq, maxRequestSize,
                    settings.dlqTopic(), PRODUCER_MAX_REQUEST_SIZE_SETTING, needed);
        }
        return limit;
    }

    /**
     * The largest records the cluster takes where the lookup path writes: the DLQ ({@link #deadLetterLimit}), the
     * output topic, and the lead cache's changelog (when Kafka Streams has not created it yet, the size it will
     * create it with), each capped by the producer's {@code max.request.size}. Leads over the output's or the
     * changelog's limit go to the DLQ as LEAD_TOO_LARGE.
     */
    public RecordLimits recordLimits(TopologySettings settings, int maxRequestSize) {
        int deadLetter = deadLetterLimit(settings, maxRequestSize);
        int output = Math.min(maxMessageBytes(settings.outputTopic()), maxRequestSize);
        String changelog = EnricherTopology.changelogTopic(settings, EnricherTopology.STORE_CACHE);
        int cache = Math.min(admin.partitions(changelog).isPresent() ? maxMessageBytes(changelog) : settings.topicMaxMessageBytes(),
                maxRequestSize);
        LOG.info("Leads whose output record exceeds {} bytes (topic {}) or whose cache entry exceeds {} bytes (topic {}) "
                + "go to the DLQ as {}", output, settings.outputTopic(), cache, changelog, DlqReason.LEAD_TOO_LARGE);
        int catalog = settings.catalogSync() ? Math.min(maxMessageBytes(settings.catalogTopic()), maxRequestSize) : 0;
        return new RecordLimits(deadLetter, output, cache, catalog);
    }

    private int maxMessageBytes(String topic) {
        OptionalInt bytes = admin.maxMessageBytes(topic);
        if (bytes.isEmpty()) {
            LOG.warn("Cannot read the configs of topic {} (no DescribeConfigs permission): assuming Kafka's default "
                    + "max.message.bytes {}", topic, KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
            return KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
        }
        return bytes.getAsInt();
    }

    private int resolvePartitions(TopologySettings settings, int inputPartitions) {
        String repartition = repartitionTopic(settings);
        OptionalInt existing = admin.partitions(repartition);
        if (settings.partitions().isPresent()) {
            int explicit = settings.partitions().getAsInt();
            if (existing.isPresent() && existing.getAsInt() != explicit) {
                throw new ConfigException(ENRICHER_PARTITIONS.name() + ": " + explicit + " differs from the "
                        + existing.getAsInt() + " partitions of the existing repartition topic '" + repartition
                        + "', which are fixed at the first start; unset " + ENRICHER_PARTITIONS.name() + " or set it to "
                        + existing.getAsInt() + " (changing it needs an application reset, which loses parked events)");
            }
            return explicit;
        }
        if (existing.isPresent()) {
            LOG.info("Partitions: {} (from the existing repartition topic {})", existing.getAsInt(), repartition);
            return existing.getAsInt();
        }
        LOG.info("Partitions: {} (from input topic {} at the first start)", inputPartitions, settings.inputTopic());
        return inputPartitions;
    }
}
