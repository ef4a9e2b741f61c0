package io.rotor.enricher.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.RotorClient;
import io.rotor.enricher.serde.AvroSerdeConfig;
import io.rotor.enricher.serde.LeadSerde;
import io.rotor.enricher.service.GateKeys;
import io.rotor.enricher.topology.EnricherTopology;
import io.rotor.enricher.topology.TopicSpecs;
import io.rotor.enricher.topology.TopologyPorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The enricher assembled in this JVM, as the demo and the in-process real-broker tests run it: the real Rotor
 * client (optionally wrapped, so a test can record calls), the project's Avro serde, the topology and Kafka
 * Streams with the topology's own properties. It creates the retry, DLQ and gate topics the way the service does.
 */
public final class InProcessService implements AutoCloseable {
    private final RotorClient client;
    private final Serde<Lead> leadSerde;
    private final KafkaStreams streams;

    private InProcessService(RotorClient client, Serde<Lead> leadSerde, KafkaStreams streams) {
        this.client = client;
        this.leadSerde = leadSerde;
        this.streams = streams;
    }

    /**
     * Starts the service; returns at once (see {@link #state()}).
     *
     * @param settings     topology settings; {@code partitions} must be set (the input's count)
     * @param decorate     wraps the Rotor client's lookup (identity for none)
     * @param overrides    extra Streams properties (e.g. a faster commit interval)
     */
    public static InProcessService start(String bootstrapServers, TopologySettings settings, RotorSettings rotor,
                                         String registryUrl, Path stateDir, UnaryOperator<LeadLookup> decorate,
                                         Map<String, String> overrides) {
        if (settings.partitions().isEmpty()) {
            throw new IllegalArgumentException("the in-process service needs TopologySettings.partitions set");
        }
        createServiceTopics(bootstrapServers, settings);
        MeterRegistry meters = new SimpleMeterRegistry();
        RotorClient client = new RotorClient(rotor, Clock.systemUTC(), meters);
        try {
            Serde<Lead> serde = new LeadSerde();
            serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
            TopologyPorts ports = new TopologyPorts(decorate.apply(client), client.gate(),
                    GateKeys.fingerprint(rotor.apiKey()), serde.serializer(), new SplittableRandom());
            Properties props = EnricherTopology.streamsProperties(settings);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.putAll(overrides);
            KafkaStreams streams = new KafkaStreams(EnricherTopology.build(settings, ports, meters), props);
            InProcessService service = new InProcessService(client, serde, streams);
            streams.setStateListener((now, before) -> service.stateChanged(now));
            streams.start();
            return service;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Creates the retry, DLQ and gate topics as the service does (ENRICHER_CREATE_TOPICS), if absent. */
    static void createServiceTopics(String bootstrapServers, TopologySettings settings) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpecs.TopicSpec spec : TopicSpecs.all(settings)) {
                int partitions = spec.partitions().orElse(settings.partitions().getAsInt());
                topics.add(new NewTopic(spec.name(), partitions, (short) 1).configs(spec.configs()));
            }
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the service's topics: " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private final Object stateMonitor = new Object();

    private void stateChanged(KafkaStreams.State now) {
        synchronized (stateMonitor) {
            stateMonitor.notifyAll();
        }
    }

    /** Waits until Kafka Streams is RUNNING; throws if it stops (ERROR, NOT_RUNNING) or {@code timeout} passes. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateMonitor) {
            while (true) {
                KafkaStreams.State state = streams.state();
                if (state == KafkaStreams.State.RUNNING) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR || left <= 0) {
                    throw new IllegalStateException("the enricher did not reach RUNNING within " + timeout.toSeconds() + "s (state " + state + ")");
                }
                stateMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public RotorClient client() {
        return client;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Closes Kafka Streams (committing what it can), then the client and the serde. */
    @Override
    public void close() {
        try {
            streams.close(Duration.ofSeconds(30));
        } finally {
            client.close();
            leadSerde.close();
        }
    }
}
