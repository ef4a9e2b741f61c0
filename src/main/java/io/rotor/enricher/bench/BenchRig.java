package io.rotor.enricher.bench;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.serde.AvroSerdeConfig;
import io.rotor.enricher.serde.LeadSerde;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every measurement of one bench command shares: the one broker, an admin client, a state directory and the
 * mock schema registry scope. Each measurement gets fresh topics and a fresh
 * application id, so nothing one leaves behind (cache, offsets, parked retries) reaches the next.
 */
public final class BenchRig implements AutoCloseable {
    private static final String REGISTRY_SCOPE = "rotor-bench";

    private final String bootstrapServers;
    private final Admin admin;
    private final Path stateRoot;
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<LeadSerde> serdes = new ArrayList<>();

    public BenchRig(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(p);
        try {
            this.stateRoot = Files.createTempDirectory("rotor-bench-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no earlier measurement of this command used: {@code bench-<what>-<n>}. */
    public String uniqueName(String what) {
        return "bench-" + what + "-" + sequence.incrementAndGet();
    }

    /** Creates topics and waits until the broker has them. */
    public void createTopics(List<NewTopic> topics) throws ExecutionException, InterruptedException {
        admin.createTopics(topics).all().get();
    }

    public static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, partitions, (short) 1).configs(configs);
    }

    /** The URL every serializer of the command uses: one in-JVM registry, as a real deployment has one registry. */
    public String registryUrl() {
        return MockSchemaRegistry.URL_SCHEME + REGISTRY_SCOPE;
    }

    /** A Lead value serializer on the command's registry (the serde the service uses by default). */
    public synchronized Serializer<Lead> leadSerializer() {
        LeadSerde serde = new LeadSerde();
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl()), false);
        serdes.add(serde);
        return serde.serializer();
    }

    /**
     * The connection, state-directory and thread settings the command adds to an app's own Streams settings:
     * one stream thread, so the figures say what one instance does per core pair and not how many threads ran.
     */
    public Properties withRigSettings(Properties appSettings) {
        Properties p = new Properties();
        p.putAll(appSettings);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    /**
     * The Kafka properties a measurement of the service adds, as its {@code KAFKA_*} pass-through: its own state
     * directory under the command's, and one stream thread as for the baselines.
     */
    public Map<String, String> kafkaProperties(String applicationId) {
        return Map.of(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    }

    /** Deletes a closed measurement's state directory (its stores are of no use to the next one). */
    public void deleteState(String applicationId) {
        deleteRecursively(stateRoot.resolve(applicationId));
    }

    @Override
    public void close() {
        admin.close();
        synchronized (this) {
            serdes.forEach(LeadSerde::close);
        }
        MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
        deleteRecursively(stateRoot);
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temp directory is not worth failing the report for.
        }
    }
}
