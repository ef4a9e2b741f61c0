package io.rotor.enricher.demo;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, from the
 * {@code kafka_2.13} artifact: what the demo, the benchmarks and the real-broker tests run against where
 * there is no Docker.
 *
 * <p>It listens on two free ports of 127.0.0.1 (clients, controller), keeps its data in a temporary
 * directory that {@link #close()} deletes, and is configured so that exactly-once works on one broker
 * (internal topics with replication factor 1 and min ISR 1). Topics are not created automatically: create
 * them with {@link #createTopic}. {@link #restart()} stops the broker and starts it again on the same ports
 * and data, as a broker restart in production would.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final int NODE_ID = 1;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> overrides;
    private final String clusterId = Uuid.randomUuid().toString();
    private Path baseDir;
    private Path logDir;
    private int brokerPort;
    private int controllerPort;
    private boolean formatted;
    private KafkaRaftServer server;
    private boolean closed;

    /** A broker with the default settings; call {@link #start()}. */
    public EmbeddedKafka() {
        this(Map.of());
    }

    /** A broker whose settings are the defaults overlaid with {@code brokerOverrides} (Kafka config names). */
    public EmbeddedKafka(Map<String, String> brokerOverrides) {
        this.overrides = Map.copyOf(brokerOverrides);
    }

    /** Creates, starts and returns a broker with the default settings. */
    public static EmbeddedKafka started() {
        EmbeddedKafka kafka = new EmbeddedKafka();
        try {
            kafka.start();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * Starts the broker and returns once it accepts clients. The first start formats the storage; a start
     * after {@link #stop()} reuses the ports and data.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this embedded broker is closed");
        }
        if (server != null) {
            throw new IllegalStateException("the embedded broker is already running");
        }
        try {
            if (baseDir == null) {
                baseDir = Files.createTempDirectory("embedded-kafka-");
                logDir = Files.createDirectory(baseDir.resolve("data"));
                int[] ports = freePorts();
                brokerPort = ports[0];
                controllerPort = ports[1];
            }
            Map<String, String> settings = brokerConfig();
            if (!formatted) {
                format(settings);
                formatted = true;
            }
            KafkaConfig config = new KafkaConfig(settings, false);
            KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                starting.startup();
            } catch (RuntimeException e) {
                starting.shutdown();
                starting.awaitShutdown();
                throw e;
            }
            server = starting;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka broker's directory", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}, stable across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (baseDir == null) {
            throw new IllegalStateException("the embedded broker has not been started");
        }
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker's data directory, inside a temporary directory that {@link #close()} deletes. */
    public synchronized Path logDir() {
        return logDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker, keeping its ports and data for a later {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    /** Stops the broker and starts it again on the same ports and data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Creates a topic with replication factor 1, waiting until the controller has created it. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot create topic " + name + ": " + cause.getMessage(), cause);
        }
    }

    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Properties an {@link Admin} needs to reach this broker. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return config;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (baseDir != null) {
                try {
                    Utils.delete(baseDir.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the embedded broker's directory " + baseDir, e);
                }
            }
        }
    }

    private Map<String, String> brokerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("log.dirs", logDir.toAbsolutePath().toString());

        // Exactly-once on one broker: every internal topic must be satisfiable by a single replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        // Fewer internal partitions: each costs a file handle set and start-up time, and one broker gains
        // nothing from 50.
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Topics are explicit: a missing topic must fail as it would against a managed cluster.
        config.put("auto.create.topics.enable", "false");

        // Small and light: a demo or a test writes megabytes, not gigabytes, on a 2-core machine.
        config.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        config.put("log.retention.hours", "24");
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        config.put("log.cleaner.threads", "1");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.put("background.threads", "2");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("num.replica.fetchers", "1");
        config.putAll(overrides);
        return config;
    }

    /** {@code kafka-storage format}: writes the cluster id and the bootstrap metadata into the data directory. */
    private void format(Map<String, String> settings) throws IOException {
        Path propertiesFile = baseDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(settings));
        try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
            properties.store(out, "embedded Kafka broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", propertiesFile.toString()}, printed);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + status + "): "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Two distinct free ports: both sockets are held open together so the OS cannot hand out one twice. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket first = bindAnyPort(); ServerSocket second = bindAnyPort()) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }

    private static ServerSocket bindAnyPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedKafka[" + (server != null ? bootstrapServers() : closed ? "closed" : "stopped") + "]";
    }
}
