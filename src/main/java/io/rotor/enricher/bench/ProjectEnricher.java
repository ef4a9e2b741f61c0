package io.rotor.enricher.bench;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.topology.EnricherTopology;
import io.rotor.enricher.topology.TopicSpecs;
import io.rotor.enricher.topology.TopologyPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.Topology;

/** The service's own topology and settings, exactly as {@code run} builds them. */
public final class ProjectEnricher implements EnricherFactory {

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Topology topology(TopologySettings settings, TopologyPorts ports) {
        return EnricherTopology.build(settings, ports);
    }

    @Override
    public Properties streamsProperties(TopologySettings settings) {
        return EnricherTopology.streamsProperties(settings);
    }

    @Override
    public List<NewTopic> ownTopics(TopologySettings settings, int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpecs.TopicSpec spec : TopicSpecs.all(settings)) {
            topics.add(BenchRig.topic(spec.name(), spec.partitions().orElse(partitions), spec.configs()));
        }
        return topics;
    }
}
