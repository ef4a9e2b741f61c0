package io.rotor.enricher.bench;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.topology.TopologyPorts;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.Topology;

/** How the bench builds the service's topology: the same pure function and settings the service runs with. */
public interface EnricherFactory {

    /** Why the enricher cannot be measured in this build, or empty when it can. */
    Optional<String> unavailableReason();

    Topology topology(TopologySettings settings, TopologyPorts ports);

    /** The Streams settings the service requires (exactly_once_v2 among them); the bench adds connection settings. */
    Properties streamsProperties(TopologySettings settings);

    /** The topics the service creates itself besides input and output (retry, DLQ, quota gate). */
    List<NewTopic> ownTopics(TopologySettings settings, int partitions);
}
