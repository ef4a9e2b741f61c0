package io.rotor.enricher.bench;

import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.rotor.LeadMapper;
import io.rotor.enricher.sandbox.LeadCatalog;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.service.EnricherService;
import io.rotor.enricher.service.ServiceSeams;
import io.rotor.enricher.topology.EnricherTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.Topology;

/**
 * One measurement's app: a fresh sandbox Rotor, fresh topics and application id, the app (the enricher or a
 * baseline) and a downstream read_committed watcher of everything the app writes. Closing it tears all of that
 * down in reverse order.
 */
public final class AppRun implements AutoCloseable {
    /** How long any await of a measurement may take before it counts as failed. */
    public static final Duration AWAIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final BenchRig rig;
    private final SandboxRotorServer sandbox;
    private final TopologySettings settings;
    private final List<String> watchedTopics = new ArrayList<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private EventProducer producer;
    private EnricherConfig enricherConfig;
    private Topology baselineTopology;
    private Properties baselineProperties;
    private CountingLookup lookup;
    private StreamsWatch watch;
    private OutputWatcher watcher;

    private AppRun(BenchRig rig, SandboxRotorServer sandbox, TopologySettings settings) {
        this.rig = rig;
        this.sandbox = sandbox;
        this.settings = settings;
        closeables.push(sandbox);
    }

    /** Sandbox options every measurement starts from: the default key, quota off, fixed latency, no faults. */
    public static SandboxOptions.Builder sandboxOptions(int catalogSize, Duration latency) {
        return SandboxOptions.builder()
                .catalogSize(catalogSize)
                .noQuota()
                .latency(latency, Duration.ZERO);
    }

    /**
     * A measurement of the service, started (in {@link #start}) through the service's own assembly: topics
     * provisioned, gate read, preflight, schema registered, as {@code run} does. Not started yet: produce a backlog
     * first if needed.
     */
    public static AppRun enricher(BenchRig rig, String name, int partitions, int maxInFlight,
                                  SandboxOptions sandboxOptions) throws Exception {
        return enricher(rig, name, partitions, maxInFlight, sandboxOptions, UnaryOperator.identity());
    }

    /** The same, with topology settings of the scenario's own on top ({@code tuned}). */
    public static AppRun enricher(BenchRig rig, String name, int partitions, int maxInFlight,
                                  SandboxOptions sandboxOptions, UnaryOperator<TopologySettings> tuned) throws Exception {
        SandboxRotorServer sandbox = SandboxRotorServer.start(sandboxOptions);
        String app = rig.uniqueName(name);
        TopologySettings settings = TopologySettings.defaults()
                .with(Settings.ENRICHER_APPLICATION_ID, app)
                .with(Settings.ENRICHER_INPUT_TOPIC, app + "-in")
                .with(Settings.ENRICHER_OUTPUT_TOPIC, app + "-out")
                .with(Settings.ENRICHER_RETRY_TOPIC, app + "-retry")
                .with(Settings.ENRICHER_DLQ_TOPIC, app + "-dlq")
                .with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(partitions))
                .with(Settings.ENRICHER_MAX_IN_FLIGHT, maxInFlight);
        settings = tuned.apply(settings);
        AppRun run = new AppRun(rig, sandbox, settings);
        try {
            rig.createTopics(List.of(
                    BenchRig.topic(settings.inputTopic(), partitions, Map.of()),
                    BenchRig.topic(settings.outputTopic(), partitions, Map.of())));
            run.watchedTopics.add(settings.outputTopic());
            run.watchedTopics.add(settings.retryTopic());
            run.watchedTopics.add(settings.dlqTopic());

            RotorSettings rotorSettings = RotorSettings.defaults()
                    .with(Settings.ROTOR_API_KEY, Secret.of(SandboxOptions.DEFAULT_API_KEY))
                    .with(Settings.ROTOR_BASE_URL, sandbox.baseUri())
                    .with(Settings.ROTOR_ALLOW_HTTP, true)
                    .with(Settings.ROTOR_MAX_CONNECTIONS, Math.max(RotorSettings.defaults().maxConnections(), maxInFlight))
                    .with(Settings.ROTOR_DAILY_BUDGET, sandboxOptions.quotaEnabled() ? sandboxOptions.quota() : Integer.MAX_VALUE);
            run.enricherConfig = EnricherConfig.embedded(rotorSettings, settings, rig.bootstrapServers(),
                    rig.registryUrl(), rig.kafkaProperties(app));
            return run;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /**
     * A measurement of a baseline topology, with the service's Streams settings (same processing guarantee and
     * commit interval) so the comparison is like for like.
     */
    public static AppRun baseline(BenchRig rig, String name, int partitions, SandboxOptions sandboxOptions,
                                  BaselineTopology baseline) throws Exception {
        SandboxRotorServer sandbox = SandboxRotorServer.start(sandboxOptions);
        String app = rig.uniqueName(name);
        TopologySettings settings = TopologySettings.defaults()
                .with(Settings.ENRICHER_APPLICATION_ID, app)
                .with(Settings.ENRICHER_INPUT_TOPIC, app + "-in")
                .with(Settings.ENRICHER_OUTPUT_TOPIC, app + "-out")
                .with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(partitions));
        AppRun run = new AppRun(rig, sandbox, settings);
        try {
            rig.createTopics(List.of(
                    BenchRig.topic(settings.inputTopic(), partitions, Map.of()),
                    BenchRig.topic(settings.outputTopic(), partitions, Map.of())));
            run.watchedTopics.add(settings.outputTopic());
            run.baselineTopology = baseline.build(settings, sandbox, run);
            run.baselineProperties = rig.withRigSettings(EnricherTopology.streamsProperties(settings));
            return run;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /** Builds a baseline's topology; resources it opens are registered with {@link #closeWithRun}. */
    @FunctionalInterface
    public interface BaselineTopology {
        Topology build(TopologySettings settings, SandboxRotorServer sandbox, AppRun run) throws Exception;
    }

    public void closeWithRun(AutoCloseable resource) {
        closeables.push(resource);
    }

    /** Starts the app, waits for RUNNING, and starts watching its output topics. */
    public AppRun start() throws Exception {
        if (enricherConfig != null) {
            watch = new StreamsWatch();
            closeables.push(() -> rig.deleteState(settings.applicationId()));
            EnricherService service = EnricherService.start(enricherConfig, ServiceSeams.embedded()
                    .withObserver(watch)
                    .withLookupDecorator(client -> lookup = new CountingLookup(client)));
            closeables.push(service);
            watch.awaitRunning(START_TIMEOUT);
        } else {
            RunningApp app = RunningApp.start(baselineTopology, baselineProperties);
            closeables.push(app);
            watch = app.watch();
        }
        watcher = new OutputWatcher(rig.bootstrapServers(), watchedTopics, AppRun::identity);
        closeables.push(watcher);
        watch.resetCounters();
        return this;
    }

    /** An event's identity wherever it ends up: the output key is the lead id; retry and DLQ keep the event. */
    static String identity(String topic, ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value != null && value.length > 0 && value[0] == '{') {
            try {
                return LeadIdOfEvent.of(value);
            } catch (IllegalArgumentException notAnEvent) {
                // fall through to the key
            }
        }
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    public TopologySettings settings() {
        return settings;
    }

    /** Bootstrap servers of the rig's broker, for a scenario's own readers. */
    public String bootstrapServers() {
        return rig.bootstrapServers();
    }

    public LeadCatalog catalog() {
        return sandbox.catalog();
    }

    public SandboxStats sandboxStats() {
        return sandbox.stats();
    }

    /** From now until the sandbox's quota period ends, every call gets a 429 (see {@link SandboxRotorServer#spendQuota()}). */
    public void spendQuota() {
        sandbox.spendQuota();
    }

    /** List calls ({@code GET /leads}) the sandbox received. */
    public long listCalls() {
        return sandbox.stats().endpoint(SandboxStats.LIST_LEADS);
    }

    /** Lead lookups the sandbox received. */
    public long apiCalls() {
        return sandbox.stats().endpoint(SandboxStats.GET_LEAD);
    }

    public CountingLookup lookup() {
        return lookup;
    }

    /** The app's rebalances and stream-thread failures since it first reached RUNNING. */
    public StreamsWatch watch() {
        return watch;
    }

    public OutputWatcher watcher() {
        return watcher;
    }

    public void produce(BenchEvents events, Progress progress) {
        producer().sendAll(settings.inputTopic(), events, progress);
    }

    public void producePaced(BenchEvents events, int rate, Progress progress) {
        producer().sendPaced(settings.inputTopic(), events, rate, progress);
    }

    /** Sends a timeline of events (see {@link EventProducer#sendTimeline}); returns each event's send time. */
    public long[] produceTimeline(List<EventProducer.Timed> events, Progress progress) {
        return producer().sendTimeline(settings.inputTopic(), events, progress);
    }

    /** Each measurement has its own producer, so nothing one measurement's producer went through reaches the next. */
    private EventProducer producer() {
        if (producer == null) {
            producer = new EventProducer(rig.bootstrapServers());
            closeables.push(producer);
        }
        return producer;
    }

    /** Waits until the output topic holds {@code expected} records; returns when the last one arrived (nanoTime). */
    public long awaitOutput(long expected, Progress progress) throws TimeoutException, InterruptedException {
        String out = settings.outputTopic();
        return watcher.await(w -> w.count(out), expected, AWAIT_TIMEOUT, progress, "output records");
    }

    /** A Lead the passthrough baseline writes for every event: the catalog's first lead, mapped once. */
    public static io.rotor.enricher.avro.Lead templateLead(LeadCatalog catalog) {
        return new LeadMapper().map(catalog.lead(catalog.ids().get(0)).orElseThrow()).lead();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a bench app failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
