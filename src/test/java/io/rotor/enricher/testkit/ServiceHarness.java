package io.rotor.enricher.testkit;

import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.demo.ConservationLedger;
import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.demo.EmbeddedKafka;
import io.rotor.enricher.demo.ResultTally;
import io.rotor.enricher.demo.TopicTail;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.service.EnricherService;
import io.rotor.enricher.service.ServiceSeams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A real broker, the sandbox Rotor and the enricher, for the real-broker tests: produce events, drain the output,
 * DLQ and retry topics with read_committed, and account for every event ({@link ConservationLedger}). The service
 * runs in this JVM ({@link #startService()}, its Rotor client wrapped in a {@link RecordingLookup}) or as a child
 * process the test starts with {@link #childEnv}.
 */
public final class ServiceHarness implements AutoCloseable {
    /** Not the sandbox's default key, so a leak of it in a log line is unambiguous. */
    public static final String API_KEY = "it-key-" + UUID.randomUUID();
    public static final int PARTITIONS = 3;

    private final EmbeddedKafka kafka;
    private final ChildBroker childBroker;
    private final String bootstrapServers;
    private final SandboxRotorServer sandbox;
    private final TopologySettings settings;
    private final RotorSettings rotorSettings;
    private final String registryScope = "it-" + UUID.randomUUID();
    private final Path stateDir;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicTail tail;
    private final ConservationLedger ledger = new ConservationLedger();
    private final ResultTally tally;
    private final List<ConsumerRecord<byte[], byte[]>> outputs = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> dlq = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> retries = new ArrayList<>();
    private EnricherService service;
    private RecordingLookup recording;

    private ServiceHarness(EmbeddedKafka kafka, ChildBroker childBroker, SandboxRotorServer sandbox, TopologySettings settings,
            Path stateDir) {
        this.kafka = kafka;
        this.childBroker = childBroker;
        this.bootstrapServers = kafka != null ? kafka.bootstrapServers() : childBroker.bootstrapServers();
        this.sandbox = sandbox;
        this.settings = settings;
        this.stateDir = stateDir;
        this.rotorSettings = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(API_KEY))
                .with(Settings.ROTOR_BASE_URL, sandbox.baseUri())
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_CONNECT_TIMEOUT, Duration.ofSeconds(1))
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(1))
                .with(Settings.ROTOR_AUTH_BACKOFF, Duration.ofSeconds(1))
                .with(Settings.ROTOR_BREAKER_BACKOFF, Duration.ofMillis(500));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.tail = new TopicTail(bootstrapServers, List.of(settings.outputTopic(), settings.dlqTopic(), settings.retryTopic()));
        this.tally = new ResultTally(ledger, settings.outputTopic(), settings.dlqTopic(), settings.retryTopic());
    }

    /** Short waits everywhere a production default is sized for a day, so a test's retries finish in seconds. */
    public static TopologySettings fastSettings() {
        return TopologySettings.defaults()
                .with(Settings.ENRICHER_APPLICATION_ID, "enricher-it-" + UUID.randomUUID().toString().substring(0, 8))
                .with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(PARTITIONS))
                .with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ofSeconds(1))
                .with(Settings.ENRICHER_RETRY_BACKOFF_BASE, Duration.ofMillis(200))
                .with(Settings.ENRICHER_RETRY_BACKOFF_MAX, Duration.ofSeconds(2))
                .with(Settings.ENRICHER_NOT_FOUND_DELAY, Duration.ofMillis(500))
                .with(Settings.ENRICHER_RETRY_POLL_INTERVAL, Duration.ofMillis(100));
    }

    /** Starts a broker with the input and output topics, and the sandbox accepting {@link #API_KEY}. */
    public static ServiceHarness start(SandboxOptions.Builder sandboxOptions, TopologySettings settings) throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.started();
        try {
            createTopics(kafka.adminConfig(), settings);
            return withSandbox(kafka, null, sandboxOptions, settings);
        } catch (IOException | RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** The same on a broker in a child JVM ({@link #childBroker()}), which a test can freeze. */
    public static ServiceHarness startOnChildBroker(SandboxOptions.Builder sandboxOptions, TopologySettings settings)
            throws IOException, InterruptedException {
        ChildBroker broker = ChildBroker.start();
        try {
            createTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), settings);
            return withSandbox(null, broker, sandboxOptions, settings);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static ServiceHarness withSandbox(EmbeddedKafka kafka, ChildBroker broker, SandboxOptions.Builder sandboxOptions,
            TopologySettings settings) throws IOException {
        SandboxRotorServer sandbox = SandboxRotorServer.start(sandboxOptions.apiKey(API_KEY).build());
        try {
            return new ServiceHarness(kafka, broker, sandbox, settings, Files.createTempDirectory("enricher-it-state-"));
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private static void createTopics(Map<String, Object> adminConfig, TopologySettings settings) {
        // The input accepts events larger than the service does, so oversized events reach it (and its DLQ fits them).
        Map<String, String> big = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes()));
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(settings.inputTopic(), PARTITIONS, (short) 1).configs(big),
                    new NewTopic(settings.outputTopic(), PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the test's input and output topics: " + e, e);
        }
    }

    /**
     * Starts the enricher in this JVM through the service's own assembly (topics, gate read, preflight, schema
     * registration), on the harness's state directory, and waits until it is RUNNING.
     */
    public EnricherService startService() {
        return startService(Map.of());
    }

    /** The same, with more Kafka Streams and client properties (as KAFKA_* would pass them). */
    public EnricherService startService(Map<String, String> extraStreamsProperties) {
        if (service != null) {
            throw new IllegalStateException("the service is already running");
        }
        Map<String, String> streamsProperties = new java.util.HashMap<>(extraStreamsProperties);
        streamsProperties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streamsProperties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        EnricherConfig config = EnricherConfig.embedded(rotorSettings, settings, bootstrapServers, registryUrl(),
                streamsProperties);
        service = EnricherService.start(config, ServiceSeams.embedded()
                .withLookupDecorator(client -> recording = new RecordingLookup(client, Clock.systemUTC())));
        awaitState(KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
        return service;
    }

    public void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    public void awaitState(KafkaStreams.State wanted, Duration timeout) {
        org.awaitility.Awaitility.await("service " + wanted).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    KafkaStreams.State state = service.state();
                    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                        throw new AssertionError("the service stopped: " + state);
                    }
                    return state == wanted;
                });
    }

    /**
     * Environment for the packaged service ({@code java -jar ... run}) against this harness: same topics, waits and
     * key, the registry at {@code registryUrl} (a {@link FakeSchemaRegistryServer}: mock:// lives in one JVM).
     */
    public Map<String, String> childEnv(String registryUrl, Path childStateDir) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put(Settings.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
        env.put(Settings.SCHEMA_REGISTRY_URL.name(), registryUrl);
        // Kafka properties pass through as KAFKA_<NAME>: state.dir and a fast commit interval.
        env.put(Settings.KAFKA_PREFIX + "STATE_DIR", childStateDir.toString());
        env.put(Settings.KAFKA_PREFIX + "COMMIT_INTERVAL_MS", "100");
        env.put(Settings.ROTOR_API_KEY.name(), API_KEY);
        env.put(Settings.ROTOR_BASE_URL.name(), sandbox.baseUrl());
        env.put(Settings.ROTOR_ALLOW_HTTP.name(), "true");
        env.put(Settings.ROTOR_CONNECT_TIMEOUT.name(), Durations.format(rotorSettings.connectTimeout()));
        env.put(Settings.ROTOR_RESPONSE_TIMEOUT.name(), Durations.format(rotorSettings.responseTimeout()));
        env.put(Settings.ROTOR_AUTH_BACKOFF.name(), Durations.format(rotorSettings.authBackoff()));
        env.put(Settings.ROTOR_BREAKER_BACKOFF.name(), Durations.format(rotorSettings.breakerBackoff()));
        env.put(Settings.ENRICHER_APPLICATION_ID.name(), settings.applicationId());
        env.put(Settings.ENRICHER_INPUT_TOPIC.name(), settings.inputTopic());
        env.put(Settings.ENRICHER_OUTPUT_TOPIC.name(), settings.outputTopic());
        env.put(Settings.ENRICHER_RETRY_TOPIC.name(), settings.retryTopic());
        env.put(Settings.ENRICHER_DLQ_TOPIC.name(), settings.dlqTopic());
        env.put(Settings.ENRICHER_PARTITIONS.name(), Integer.toString(PARTITIONS));
        env.put(Settings.ENRICHER_MAX_EVENT_BYTES.name(), Integer.toString(settings.maxEventBytes()));
        env.put(Settings.ENRICHER_RATE_LIMIT_SPREAD.name(), Durations.format(settings.rateLimitSpread()));
        env.put(Settings.ENRICHER_RETRY_BACKOFF_BASE.name(), Durations.format(settings.retryBackoffBase()));
        env.put(Settings.ENRICHER_RETRY_BACKOFF_MAX.name(), Durations.format(settings.retryBackoffMax()));
        env.put(Settings.ENRICHER_NOT_FOUND_DELAY.name(), Durations.format(settings.notFoundDelay()));
        env.put(Settings.ENRICHER_RETRY_POLL_INTERVAL.name(), Durations.format(settings.retryPollInterval()));
        env.put(Settings.ENRICHER_HTTP_PORT.name(), Integer.toString(freePort()));
        return env;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free port for the child's health server", e);
        }
    }

    /** Produces the records (acks=all) and registers each as an input of the ledger. */
    public List<InputRef> produce(List<ProducerRecord<byte[], byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            sent.add(producer.send(r));
        }
        producer.flush();
        List<InputRef> origins = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                RecordMetadata m = sent.get(i).get();
                InputRef origin = new InputRef(m.topic(), m.partition(), m.offset());
                ledger.recordInput(origin, records.get(i).key(), records.get(i).value());
                origins.add(origin);
            } catch (ExecutionException e) {
                throw new IllegalStateException("producing input " + i + " failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return origins;
    }

    public ProducerRecord<byte[], byte[]> input(byte[] key, byte[] value) {
        return new ProducerRecord<>(settings.inputTopic(), key, value);
    }

    /** Reads what is committed on the result topics now, without waiting. */
    public void poll() {
        for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(100))) {
            tally.accept(r);
            if (r.topic().equals(settings.outputTopic())) {
                outputs.add(r);
            } else if (r.topic().equals(settings.dlqTopic())) {
                dlq.add(r);
            } else {
                retries.add(r);
            }
        }
    }

    /**
     * Reads the result topics until every input has a result, then {@code watch} longer (a duplicate would show up
     * then), failing after {@code timeout}. Returns the ledger's report.
     */
    public ConservationReport drain(Duration timeout, Duration watch) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ledger.allSettled()) {
            if (System.nanoTime() > deadline) {
                return ledger.report();
            }
            poll();
        }
        long watchEnd = System.nanoTime() + watch.toNanos();
        while (System.nanoTime() < watchEnd || !tail.caughtUp()) {
            poll();
            if (System.nanoTime() > deadline + watch.toNanos()) {
                break;
            }
        }
        return ledger.report();
    }

    public ConservationReport drain(Duration timeout) {
        return drain(timeout, Duration.ofSeconds(2));
    }

    public ConservationLedger ledger() {
        return ledger;
    }

    public long settled() {
        poll();
        return ledger.settledCount();
    }

    public List<ConsumerRecord<byte[], byte[]>> outputs() {
        return List.copyOf(outputs);
    }

    public List<ConsumerRecord<byte[], byte[]>> dlq() {
        return List.copyOf(dlq);
    }

    public List<ConsumerRecord<byte[], byte[]>> retries() {
        return List.copyOf(retries);
    }

    /** The in-process broker; a harness on a child broker has none. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this harness runs on a child broker: use childBroker()");
        }
        return kafka;
    }

    /** The broker in a child JVM, for {@link #startOnChildBroker}. */
    public ChildBroker childBroker() {
        if (childBroker == null) {
            throw new IllegalStateException("this harness runs on an in-process broker: use kafka()");
        }
        return childBroker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public SandboxRotorServer sandbox() {
        return sandbox;
    }

    public TopologySettings settings() {
        return settings;
    }

    public RotorSettings rotorSettings() {
        return rotorSettings;
    }

    public RecordingLookup recording() {
        return recording;
    }

    public EnricherService service() {
        return service;
    }

    public String registryUrl() {
        return MockSchemaRegistry.URL_SCHEME + registryScope;
    }

    private void closeBroker() {
        if (kafka != null) {
            kafka.close();
            return;
        }
        try {
            childBroker.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            stopService();
        } finally {
            tail.close();
            producer.close(Duration.ofSeconds(5));
            sandbox.close();
            closeBroker();
            MockSchemaRegistry.dropScope(registryScope);
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory does not change a test's verdict
            }
        }
    }
}
