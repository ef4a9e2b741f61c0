package io.rotor.enricher.service;

import io.rotor.enricher.topology.TopicSpecs.TopicSpec;
import java.util.OptionalInt;

/** The few Admin operations start-up needs, behind an interface so provisioning is testable without a broker. */
public interface TopicAdmin {

    /** The topic's partition count, or empty when the topic does not exist. */
    OptionalInt partitions(String topic);

    /**
     * Creates the topic with {@code partitions} partitions, the broker's default replication factor and the
     * spec's configs; returns false when it already existed (another instance may have just created it).
     */
    boolean create(TopicSpec spec, int partitions);

    /**
     * The topic's effective {@code max.message.bytes}, or empty when this principal may not read topic configs
     * (no DescribeConfigs permission).
     */
    OptionalInt maxMessageBytes(String topic);
}
