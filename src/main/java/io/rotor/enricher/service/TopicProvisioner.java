package io.rotor.enricher.service;

import static io.rotor.enricher.config.Settings.ENRICHER_CREATE_TOPICS;
import io.rotor.enricher.config.Settings;
import static io.rotor.enricher.config.Settings.ENRICHER_INPUT_TOPIC;
import static io.rotor.enricher.config.Settings.ENRICHER_OUTPUT_TOPIC;
import static io.rotor.enricher.config.Settings.ENRICHER_PARTITIONS;
import static io.rotor.enricher.config.Settings.ENRICHER_RETRY_TOPIC;

import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.topology.EnricherTopology;
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

        for (TopicSpec spec : TopicSpecs.all(fixed)) {
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
        }
        return fixed;
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
