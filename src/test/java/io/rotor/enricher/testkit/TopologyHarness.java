package io.rotor.enricher.testkit;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.topology.EnricherTopology;
import io.rotor.enricher.topology.Quarantine;
import io.rotor.enricher.topology.RecordLimits;
import io.rotor.enricher.topology.TopologyPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the enricher topology with the fake ports; one per test, always closed. */
public class TopologyHarness implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    public static final String GATE_KEY = "fp-test-key";

    public final TopologySettings settings;
    public final FakeLeadLookup lookup = new FakeLeadLookup();
    public final FakeSharedGate gate = new FakeSharedGate();
    /** Rotor's list endpoint for the catalog sync: an empty catalog until a test adds leads. */
    public final FakeLeadLister lister = new FakeLeadLister();
    /** The topology's meters (a subclass that overrides {@link #topology()} passes its own). */
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    public final TestLeadSerializer serializer = new TestLeadSerializer();
    public final TopologyPorts ports;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> input;
    public final TestInputTopic<String, byte[]> retryIn;
    public final TestInputTopic<String, byte[]> gateIn;
    public final TestOutputTopic<String, byte[]> output;
    public final TestOutputTopic<String, byte[]> retry;
    public final TestOutputTopic<byte[], byte[]> dlq;
    public final TestOutputTopic<String, byte[]> gateOut;
    /** The leads table (ENRICHER_CATALOG_SYNC): what the topology writes there, and a way in as another writer. */
    public final TestOutputTopic<String, byte[]> catalogOut;
    public final TestInputTopic<String, byte[]> catalogIn;
    private final Path stateDir;

    public static TopologySettings defaults() {
        return TopologySettings.defaults().with(Settings.ENRICHER_APPLICATION_ID, "enricher-test");
    }

    public TopologyHarness() {
        this(defaults());
    }

    public TopologyHarness(TopologySettings settings) {
        this(settings, 1L, props -> { });
    }

    public TopologyHarness(TopologySettings settings, long seed, Consumer<Properties> extra) {
        this(settings, seed, extra, RecordLimits.UNKNOWN);
    }

    /** A cluster whose topics and producer take records up to {@code limits}. */
    public TopologyHarness(TopologySettings settings, RecordLimits limits) {
        this(settings, 1L, props -> { }, limits);
    }

    private TopologyHarness(TopologySettings settings, long seed, Consumer<Properties> extra, RecordLimits limits) {
        this.settings = settings;
        this.ports = new TopologyPorts(lookup, gate, GATE_KEY, serializer, TestLeadSerializer.DESERIALIZER, new SplittableRandom(seed), limits)
                .withLister(lister);
        try {
            stateDir = Files.createTempDirectory("enricher-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = EnricherTopology.streamsProperties(settings);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(Quarantine.CONFIG, ports.quarantine());
        extra.accept(props);
        driver = new TopologyTestDriver(topology(), props, START);
        input = driver.createInputTopic(settings.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        retryIn = driver.createInputTopic(settings.retryTopic(), new StringSerializer(), new ByteArraySerializer());
        gateIn = driver.createInputTopic(settings.gateTopic(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(settings.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        retry = driver.createOutputTopic(settings.retryTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(settings.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        gateOut = driver.createOutputTopic(settings.gateTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        catalogOut = driver.createOutputTopic(settings.catalogTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        catalogIn = driver.createInputTopic(settings.catalogTopic(), new StringSerializer(), new ByteArraySerializer());
    }

    /** The topology under test; a test overrides it to inject a LeadIdCheck. */
    protected org.apache.kafka.streams.Topology topology() {
        return EnricherTopology.build(settings, ports, registry);
    }

    public void pipe(byte[] key, byte[] value) {
        pipe(key, value, new RecordHeaders());
    }

    public void pipe(byte[] key, byte[] value, Headers headers) {
        input.pipeInput(new TestRecord<>(key, value, headers, now()));
    }

    /** One upkeep tick of the lookup processor (its drain fires in the same step). */
    public void tick() {
        step(EnricherTopology.TICK_INTERVAL);
    }

    /**
     * Advances the wall clock in small steps (20 ms, or by/2000 for long jumps), so every punctuator fires as it
     * would and a release, its lookup and the resulting retry record each get their turn.
     */
    public void advance(Duration by) {
        long stepMs = Math.max(EnricherTopology.TICK_INTERVAL.toMillis(), by.toMillis() / 2000);
        long left = by.toMillis();
        while (left > 0) {
            long now = Math.min(stepMs, left);
            step(Duration.ofMillis(now));
            left -= now;
        }
    }

    /** The driver's wall clock (it has no getter, so every advance goes through {@link #step}). */
    public long now() {
        return nowMs;
    }

    private long nowMs = START.toEpochMilli();

    /** One wall-clock advance: each punctuator fires at most once (a clock jump when {@code by} is long). */
    public void step(Duration by) {
        nowMs += by.toMillis();
        driver.advanceWallClockTime(by);
    }

    public static io.rotor.enricher.rotor.LookupResult foundFor(String leadId) {
        return io.rotor.enricher.rotor.LookupResult.found(io.rotor.enricher.testkit.Fixtures.lead(leadId), java.util.List.of());
    }

    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // the driver removed it already
        }
    }
}
