package io.rotor.enricher.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.KafkaPropertyNames;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.rotor.AuthCheck;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.RotorClient;
import io.rotor.enricher.serde.LeadSerdes;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.topology.EnricherTopology;
import io.rotor.enricher.topology.Quarantine;
import io.rotor.enricher.topology.RecordLimits;
import io.rotor.enricher.topology.TopologyPorts;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: topics checked and created, the Rotor key checked, the Lead schema registered, the
 * topology running in Kafka Streams, health and metrics served. {@link #start} returns once Streams is started;
 * {@link #awaitExit} blocks until {@link #close} (SIGTERM) or a fatal error and returns the exit code.
 */
public final class EnricherService implements AutoCloseable {
    /** How long close() lets Kafka Streams commit and shut its threads down. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration GATE_READ_TIMEOUT = Duration.ofSeconds(15);
    static final Duration REGISTRY_CHECK_TTL = Duration.ofSeconds(10);

    /** Kafka's default of the producer's max.request.size. */
    private static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    private static final Logger LOG = LoggerFactory.getLogger(EnricherService.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Quarantine quarantine = new Quarantine();
    private final ThreadReplacementPolicy replacement;
    private volatile KafkaStreams streams;
    private volatile HealthServer health;
    private volatile String fatalReason;
    private volatile boolean closing;

    private final ServiceSeams seams;
    private final Object stateMonitor = new Object();
    private volatile RotorClient client;

    private EnricherService(ServiceSeams seams) {
        this.seams = seams;
        this.replacement = new ThreadReplacementPolicy(seams.clock(), quarantine);
    }

    /**
     * Starts the service: the one assembly of topics, Rotor client, gate, serde, topology and Kafka Streams that
     * {@code run}, the demo, the bench and the real-broker tests share. Returns once Kafka Streams is started
     * (see {@link #awaitRunning}).
     *
     * @throws ConfigException for what the user must change (absent input topic, key refused, wrong partitions)
     * @throws StartupException for an environment that failed at start-up (Kafka or the registry unreachable)
     */
    public static EnricherService start(EnricherConfig config, ServiceSeams seams) {
        config.requireApiKey();
        EnricherService service = new EnricherService(seams);
        try {
            service.startUp(config);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** The Rotor client of a process; {@code check} makes its one call through the same construction. */
    public static RotorClient rotorClient(EnricherConfig config, Clock clock, MeterRegistry meters) {
        return new RotorClient(config.rotor(), clock, meters);
    }

    private void startUp(EnricherConfig config) {
        Clock clock = seams.clock();
        ServiceMetrics metrics = own(new ServiceMetrics());
        RotorClient rotor = own(rotorClient(config, clock, metrics.registry()));
        client = rotor;

        Provisioned provisioned = provisionTopics(config);
        TopologySettings settings = provisioned.settings();
        LOG.info(io.rotor.enricher.catalog.CatalogArithmetic.summary(settings));
        String gateKey = GateKeys.fingerprint(config.rotor().apiKey());
        adoptSharedGate(config, settings, gateKey, rotor);
        preflight(rotor, clock, config);

        Serde<Lead> serde = own(LeadSerdes.valueSerde(config.valueSerde(), config.serdeConfig()));
        registerSchema(serde, settings.outputTopic());
        if (settings.catalogSync()) {
            registerSchema(serde, settings.catalogTopic());
        }

        TopologyPorts ports = new TopologyPorts(seams.lookupDecorator().apply(rotor), rotor.gate(), gateKey,
                serde.serializer(), serde.deserializer(), new Random(), provisioned.limits(), quarantine, rotor);
        Topology topology = EnricherTopology.build(settings, ports, metrics.registry());
        KafkaStreams kafkaStreams = new KafkaStreams(topology, streamsProperties(config, settings, quarantine));
        kafkaStreams.setUncaughtExceptionHandler(failure -> {
            seams.observer().onThreadFailure(failure);
            return replacement.handle(failure);
        });
        kafkaStreams.setStateListener(this::onStateChange);
        metrics.bind(kafkaStreams, settings.inputTopic());
        streams = kafkaStreams;

        if (seams.healthServer()) {
            RegistryProbe registry = own(RegistryProbe.of(config.serdeConfig(), settings.outputTopic() + "-value"));
            StreamsHealth streamsHealth = new StreamsHealth(kafkaStreams::state, replacement::replacing,
                    new CachedCheck(registry, REGISTRY_CHECK_TTL, clock));
            metrics.bindHealth(streamsHealth, replacement);
            try {
                health = HealthServer.start(config.httpPort(), streamsHealth, metrics.registry());
            } catch (IOException e) {
                throw new ConfigException(Settings.ENRICHER_HTTP_PORT.name() + ": cannot listen on port "
                        + config.httpPort() + " (" + e.getMessage() + "); choose a free port");
            }
        }
        LOG.info("Starting Kafka Streams application {}: {} -> {} (retry {}, DLQ {}, {} partitions)",
                settings.applicationId(), settings.inputTopic(), settings.outputTopic(), settings.retryTopic(),
                settings.dlqTopic(), settings.partitions().getAsInt());
        kafkaStreams.start();
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Bootstrap servers and the KAFKA_* pass-through: what every Kafka client of the process needs. */
    public static Map<String, Object> clientProperties(EnricherConfig config, Map<String, String> passthrough) {
        Map<String, Object> props = new HashMap<>(passthrough);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.topology().applicationId() + "-startup");
        return props;
    }

    /** The topology's required Streams settings, the bootstrap servers, then the KAFKA_* pass-through. */
    static Properties streamsProperties(EnricherConfig config, TopologySettings settings) {
        Properties props = EnricherTopology.streamsProperties(settings);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.putAll(config.kafkaProperties());
        return props;
    }

    /** The same, plus the quarantine the production handler shares with the topology. */
    private static Properties streamsProperties(EnricherConfig config, TopologySettings settings, Quarantine quarantine) {
        Properties props = streamsProperties(config, settings);
        props.put(Quarantine.CONFIG, quarantine);
        return props;
    }

    /** The settings with the partition count fixed, and the largest records the cluster takes. */
    private record Provisioned(TopologySettings settings, RecordLimits limits) {
    }

    private static Provisioned provisionTopics(EnricherConfig config) {
        try (Admin admin = Admin.create(clientProperties(config, KafkaPropertyNames.adminProperties(config.kafkaProperties())))) {
            TopicProvisioner provisioner = new TopicProvisioner(new KafkaTopicAdmin(admin, ADMIN_TIMEOUT));
            TopologySettings settings = provisioner.prepare(config.topology(), config.createTopics());
            return new Provisioned(settings, provisioner.recordLimits(settings, producerMaxRequestSize(config, settings)));
        } catch (KafkaException e) {
            throw new StartupException("Kafka at " + config.bootstrapServers() + ": " + e.getMessage()
                    + " (check " + Settings.KAFKA_BOOTSTRAP_SERVERS.name() + " and the KAFKA_* security settings)", e);
        }
    }

    /** The producer's max.request.size as Kafka Streams will configure it: prefixed beats plain, else Kafka's default. */
    static int producerMaxRequestSize(EnricherConfig config, TopologySettings settings) {
        Properties props = streamsProperties(config, settings);
        Object value = props.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                props.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KAFKA_DEFAULT_MAX_REQUEST_SIZE));
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(Settings.KAFKA_PREFIX + "PRODUCER_MAX_REQUEST_SIZE: '" + value
                    + "' is not a whole number of bytes; set it like 1048576");
        }
    }

    private static void adoptSharedGate(EnricherConfig config, TopologySettings settings, String gateKey, RotorClient client) {
        try {
            GateTopicReader.read(clientProperties(config, KafkaPropertyNames.consumerProperties(config.kafkaProperties())),
                    settings.gateTopic(), gateKey, GATE_READ_TIMEOUT).ifPresent(client.gate()::adopt);
        } catch (KafkaException e) {
            throw new StartupException("reading the quota gate topic " + settings.gateTopic() + " failed: " + e.getMessage(), e);
        }
    }

    /** One /auth/test call: refuse to start with a key Rotor rejects, skip it while the shared gate is closed. */
    private static void preflight(RotorClient client, Clock clock, EnricherConfig config) {
        Instant now = clock.instant();
        GateState gate = client.gate().current();
        if (gate.isClosedAt(now)) {
            LOG.info("Rotor preflight skipped: the shared quota gate is closed until {} ({})", gate.closedUntil(), gate.reason());
            return;
        }
        AuthCheck check = awaitAuthCheck(client, config);
        switch (check.status()) {
            case OK -> LOG.info("Rotor key accepted (company {}, scope {})", check.companyId(), AuthCheck.LEADS_READ);
            case QUOTA_SPENT -> LOG.warn("Rotor key valid, but today's quota is spent until {}; lookups wait until then",
                    check.resumeAt());
            case BAD_KEY, MISSING_SCOPE -> throw new ConfigException(Settings.ROTOR_API_KEY.name() + ": " + check.message());
            case UNEXPECTED_RESPONSE -> throw new ConfigException(Settings.ROTOR_BASE_URL.name() + ": " + check.message());
            case UNREACHABLE -> LOG.warn("Rotor unreachable at start-up ({}); starting anyway: lookups wait and retry", check.message());
        }
    }

    static AuthCheck awaitAuthCheck(RotorClient client, EnricherConfig config) {
        Duration limit = config.rotor().connectTimeout().plus(config.rotor().responseTimeout()).plusSeconds(5);
        try {
            return client.checkAuth().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new AuthCheck(AuthCheck.Status.UNREACHABLE, 0, null, null, "no answer within " + limit.toSeconds() + "s", null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checkAuth never completes exceptionally", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted during the Rotor preflight", e);
        }
    }

    /** Registers the Lead schema now (serializing an empty Lead), so the hot path never waits on the registry. */
    private static void registerSchema(Serde<Lead> serde, String outputTopic) {
        try {
            serde.serializer().serialize(outputTopic, Lead.newBuilder().build());
            LOG.info("Lead schema registered under subject {}-value", outputTopic);
        } catch (RegistryUnavailableException e) {
            throw new StartupException("Schema Registry unavailable while registering the Lead schema: " + e.getMessage()
                    + " (check " + Settings.SCHEMA_REGISTRY_URL.name() + " and the SCHEMA_REGISTRY_* settings)", e);
        } catch (KafkaException e) {
            throw new StartupException("registering the Lead schema under " + outputTopic + "-value failed: " + e.getMessage(), e);
        }
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.info("Kafka Streams state {} -> {}", oldState, newState);
        seams.observer().onStateChange(newState, oldState);
        synchronized (stateMonitor) {
            stateMonitor.notifyAll();
        }
        if (newState == KafkaStreams.State.RUNNING) {
            replacement.running();
        } else if (newState == KafkaStreams.State.ERROR) {
            fatal("Kafka Streams entered the ERROR state" + (replacement.fatalReason() == null ? "" : ": " + replacement.fatalReason()));
        } else if (newState == KafkaStreams.State.PENDING_SHUTDOWN && !closing && replacement.fatalReason() != null) {
            fatal(replacement.fatalReason());
        } else if (newState == KafkaStreams.State.NOT_RUNNING && !closing) {
            fatal(replacement.fatalReason() != null ? replacement.fatalReason() : "Kafka Streams stopped unexpectedly");
        }
    }

    private void fatal(String reason) {
        if (fatalReason == null) {
            fatalReason = reason;
        }
        stopped.countDown();
    }

    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /** Waits until Kafka Streams is RUNNING; throws if it stops (ERROR, NOT_RUNNING) or {@code timeout} passes. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateMonitor) {
            while (true) {
                KafkaStreams.State state = state();
                if (state == KafkaStreams.State.RUNNING) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                        || state == KafkaStreams.State.NOT_RUNNING || left <= 0) {
                    throw new IllegalStateException("the enricher did not reach RUNNING within " + timeout.toSeconds()
                            + "s (state " + state + (fatalReason == null ? "" : ": " + fatalReason) + ")");
                }
                stateMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The quota gate this instance's Rotor client obeys now. */
    public GateState gateState() {
        return client.gate().current();
    }

    /** The port health and metrics are served on (useful with ENRICHER_HTTP_PORT=0). */
    public int httpPort() {
        if (health == null) {
            throw new IllegalStateException("this service was started without its health server");
        }
        return health.port();
    }

    /** The reason of a fatal error, or null. */
    public String fatalReason() {
        return fatalReason;
    }

    /**
     * Blocks until {@link #close} or a fatal error, then closes everything.
     *
     * @return 0 after close(), 1 after a fatal error
     */
    public int awaitExit() throws InterruptedException {
        stopped.await();
        close();
        return fatalReason == null ? 0 : 1;
    }

    /** Closes Kafka Streams (committing, within {@link #SHUTDOWN_TIMEOUT}), then the server and clients. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                awaitClosed();
                return;
            }
            closing = true;
        }
        try {
            KafkaStreams s = streams;
            if (s != null) {
                LOG.info("Closing Kafka Streams (up to {}s)", SHUTDOWN_TIMEOUT.toSeconds());
                if (!s.close(CloseOptions.timeout(SHUTDOWN_TIMEOUT))) {
                    LOG.warn("Kafka Streams did not close within {}s; uncommitted work is aborted and redone on restart",
                            SHUTDOWN_TIMEOUT.toSeconds());
                }
            }
            if (health != null) {
                health.close();
            }
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        } finally {
            closed.countDown();
            stopped.countDown();
        }
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The environment failed at start-up (not the configuration): exit 1 with the reason. */
    public static final class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
