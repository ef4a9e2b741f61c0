package io.rotor.enricher.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the enrichment topology: input (and the replay topic) -> ingest -> by-lead-id repartition -> (merged with the retry topic)
 * lookup -> output / retry / dead-letter / gate sinks. Pure: no network, no KafkaStreams. Every name below is
 * pinned by a test of the TopologyDescription: renaming a store or topic loses what it holds on upgrade.
 */
public final class EnricherTopology {
    public static final String SOURCE_INPUT = "input-source";
    public static final String INGEST = "ingest";
    public static final String INGEST_SPLIT = "ingest-";
    public static final String INGEST_VALID = "valid";
    public static final String INGEST_INVALID = "invalid";
    public static final String INGEST_UNWRAP = "ingest-unwrap";
    public static final String INGEST_DLQ_UNWRAP = "ingest-dlq-unwrap";
    public static final String SINK_INGEST_DLQ = "ingest-dlq-sink";
    /** The repartition topic is {@code <application.id>-by-lead-id-repartition}. */
    public static final String REPARTITION = "by-lead-id";
    public static final String SOURCE_RETRY = "retry-source";
    public static final String MERGE = "merge-retry";
    /** The leads table's source and its merge into the lookup's input (ENRICHER_CATALOG_SYNC). */
    public static final String SOURCE_CATALOG = "catalog-source";
    public static final String MERGE_CATALOG = "merge-catalog";
    /** The catalog syncer: its source (the single-partition sync topic), processor and sink to the leads table. */
    public static final String SOURCE_SYNC = "catalog-sync-source";
    public static final String SYNCER = "catalog-syncer";
    public static final String SINK_SYNC_CATALOG = "catalog-syncer-sink";
    /**
     * Misses waiting for a sweep: the lookup's child that turns them into signals, the single-partition repartition
     * {@code <application.id>-miss-signals-repartition} that carries them to the syncer, and its merge into the syncer.
     */
    public static final String MISS_SIGNAL = "miss-signal";
    public static final String MISS_SIGNALS = "miss-signals";
    public static final String MERGE_MISS_SIGNALS = "merge-miss-signals";
    /** The syncer's sink to the sweep-watermark topic, and the global processor that keeps that topic in a store. */
    public static final String SINK_SWEEP_WATERMARK = "sweep-watermark-sink";
    public static final String WATERMARK_UPDATER = "sweep-watermark-updater";
    public static final String LOOKUP = "lookup";
    public static final String SINK_OUTPUT = "output-sink";
    public static final String SINK_RETRY = "retry-sink";
    public static final String SINK_DLQ = "dlq-sink";
    public static final String SINK_GATE = "quota-gate-sink";
    /** The leads table's sink (ENRICHER_CATALOG_SYNC). */
    public static final String SINK_CATALOG = "catalog-sink";
    /** The global processor that keeps the gate topic in the {@code quota-gate} store (its source: {@code <name>-source}). */
    public static final String GATE_UPDATER = "quota-gate-updater";

    public static final String STORE_PENDING = "pending";
    public static final String STORE_CACHE = "lead-cache";
    public static final String STORE_PARKED = "retry-parked";
    public static final String STORE_GATE = "quota-gate";
    /** Parked events by lead, local only (ENRICHER_CATALOG_SYNC; see {@link ParkedIndex}). */
    public static final String STORE_PARKED_BY_LEAD = "retry-parked-by-lead";
    /** The catalog sync's progress (changelogged: the syncer resumes on another instance). */
    public static final String STORE_SYNC_PROGRESS = "catalog-sync-progress";
    /** The misses signalled to the syncer that no sweep has covered yet (changelogged, with the progress). */
    public static final String STORE_SWEEP_MISSES = "catalog-sweep-misses";
    /** Every instance's copy of the last sweep's watermark (a global store, like the gate). */
    public static final String STORE_SWEEP_WATERMARK = "sweep-watermark";

    /**
     * How often the lookup processor drains completed lookups on the stream thread (a wall-clock punctuator that does
     * nothing else, so it costs a cache hit nothing): a finished lookup frees its slot within this, plus poll.ms.
     */
    public static final Duration DRAIN_INTERVAL = Duration.ofMillis(2);
    /** How often the lookup processor does the rest of its upkeep: the gate, the reopening, the leads table, the sweeps. */
    public static final Duration TICK_INTERVAL = Duration.ofMillis(20);

    /** Our own config key: tells the exception handlers where to write dead-letter records. */
    public static final String DLQ_TOPIC_CONFIG = "rotor.enricher.dlq.topic";

    private EnricherTopology() {
    }

    /** The changelog topic Kafka Streams creates for one of the lookup processor's stores. */
    public static String changelogTopic(TopologySettings settings, String store) {
        return settings.applicationId() + "-" + store + "-changelog";
    }

    /** The topology without metrics published anywhere (tests, tools). */
    public static Topology build(TopologySettings settings, TopologyPorts ports) {
        return build(settings, ports, new SimpleMeterRegistry());
    }

    public static Topology build(TopologySettings settings, TopologyPorts ports, MeterRegistry registry) {
        return build(settings, ports, LeadIdCheck.standard(settings.leadIdMaxLength()), registry);
    }

    public static Topology build(TopologySettings settings, TopologyPorts ports, LeadIdCheck leadIdCheck, MeterRegistry registry) {
        SharedRuntime runtime = new SharedRuntime(settings.maxInFlight(), settings.maxRetryAge(), registry);
        // Built with the topology-level settings so ensure.explicit.internal.resource.naming is checked here, at
        // build time, not first at start-up. StreamsConfig insists on a bootstrap list; TopologyConfig never uses it.
        Properties topologyProps = streamsProperties(settings);
        topologyProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "topology-build-only:9092");
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(topologyProps)));
        RecordLimits limits = ports.limits().resolved(settings);
        Map<String, String> changelog = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.topicMaxMessageBytes()));

        KStream<String, Ingested> ingested = builder
                // The replay topic joins the input's source node: the ingest sub-topology and its task ids stay as they were.
                .stream(java.util.List.of(settings.inputTopic(), settings.replayTopic()),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE_INPUT))
                .process(() -> new IngestProcessor(settings, leadIdCheck, runtime.metrics, limits.deadLetterBytes(), ports.quarantine()), Named.as(INGEST));
        Map<String, KStream<String, Ingested>> routes = ingested.split(Named.as(INGEST_SPLIT))
                .branch((leadId, event) -> event.valid(), Branched.as(INGEST_VALID))
                .defaultBranch(Branched.as(INGEST_INVALID));
        routes.get(INGEST_SPLIT + INGEST_INVALID)
                .map((ignored, event) -> KeyValue.pair(event.originalKey(), event.value()), Named.as(INGEST_DLQ_UNWRAP))
                .to(settings.dlqTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SINK_INGEST_DLQ));

        Repartitioned<String, byte[]> byLeadId = Repartitioned.<String, byte[]>as(REPARTITION)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray());
        if (settings.partitions().isPresent()) {
            byLeadId = byLeadId.withNumberOfPartitions(settings.partitions().getAsInt());
        }
        KStream<String, byte[]> fresh = routes.get(INGEST_SPLIT + INGEST_VALID)
                .mapValues(Ingested::value, Named.as(INGEST_UNWRAP))
                .repartition(byLeadId);
        KStream<String, byte[]> retries = builder.stream(settings.retryTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE_RETRY));

        builder.addStateStore(persistent(STORE_PENDING, Serdes.Bytes(), changelog));
        builder.addStateStore(persistent(STORE_CACHE, Serdes.String(), changelog));
        builder.addStateStore(persistent(STORE_PARKED, Serdes.Bytes(), changelog));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_GATE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                settings.gateTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(GATE_UPDATER),
                GateStoreUpdater::new);

        KStream<String, byte[]> lookupInput = fresh.merge(retries, Named.as(MERGE));
        String[] lookupStores = {STORE_PENDING, STORE_CACHE, STORE_PARKED};
        if (settings.catalogSync()) {
            // Added after the existing sources, into the lookup sub-topology: sub-topology and task ids stay as they were.
            KStream<String, byte[]> table = builder.stream(settings.catalogTopic(),
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE_CATALOG)
                            .withTimestampExtractor(new CatalogTimestampExtractor()));
            lookupInput = lookupInput.merge(table, Named.as(MERGE_CATALOG));
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_PARKED_BY_LEAD),
                    Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled());
            lookupStores = new String[] {STORE_PENDING, STORE_CACHE, STORE_PARKED, STORE_PARKED_BY_LEAD};
        }
        KStream<Object, Object> lookedUp = lookupInput.process(() -> new LookupProcessor(settings, ports, leadIdCheck, runtime),
                Named.as(LOOKUP), lookupStores);
        if (settings.catalogSync()) {
            if (ports.lister() == null) {
                throw new IllegalArgumentException("ENRICHER_CATALOG_SYNC=true needs Rotor's list endpoint in the ports (TopologyPorts.withLister)");
            }
            // Its own sub-topology, added last: the ids of the others stay as they were.
            builder.addStateStore(persistent(STORE_SYNC_PROGRESS, Serdes.String(), changelog));
            builder.addStateStore(persistent(STORE_SWEEP_MISSES, Serdes.String(), changelog));
            KStream<String, byte[]> syncTopic = builder.stream(settings.catalogSyncTopic(),
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE_SYNC));
            // One partition: every lookup task's signals reach the one syncer task, wherever it runs.
            KStream<String, byte[]> signals = lookedUp
                    .map((leadId, at) -> KeyValue.pair((String) leadId, (byte[]) at), Named.as(MISS_SIGNAL))
                    .repartition(Repartitioned.<String, byte[]>as(MISS_SIGNALS).withNumberOfPartitions(1)
                            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
            syncTopic.merge(signals, Named.as(MERGE_MISS_SIGNALS))
                    .process(() -> new CatalogSyncProcessor(settings, ports, leadIdCheck, runtime), Named.as(SYNCER),
                            STORE_SYNC_PROGRESS, STORE_SWEEP_MISSES);
            builder.addGlobalStore(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_SWEEP_WATERMARK), Serdes.String(), Serdes.ByteArray())
                            .withLoggingDisabled(),
                    settings.sweepWatermarkTopic(),
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(WATERMARK_UPDATER),
                    SweepWatermarkUpdater::new);
        }

        Topology topology = builder.build();
        topology.addSink(SINK_OUTPUT, settings.outputTopic(), new StringSerializer(), new ByteArraySerializer(), LOOKUP);
        topology.addSink(SINK_RETRY, settings.retryTopic(), new StringSerializer(), new ByteArraySerializer(), LOOKUP);
        topology.addSink(SINK_DLQ, settings.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), LOOKUP);
        topology.addSink(SINK_GATE, settings.gateTopic(), new StringSerializer(), new ByteArraySerializer(), LOOKUP);
        if (settings.catalogSync()) {
            topology.addSink(SINK_CATALOG, settings.catalogTopic(), new StringSerializer(), new ByteArraySerializer(), LOOKUP);
            topology.addSink(SINK_SYNC_CATALOG, settings.catalogTopic(), new StringSerializer(), new ByteArraySerializer(), SYNCER);
            topology.addSink(SINK_SWEEP_WATERMARK, settings.sweepWatermarkTopic(), new StringSerializer(), new ByteArraySerializer(),
                    SYNCER);
        }
        return topology;
    }

    private static <K> StoreBuilder<KeyValueStore<K, byte[]>> persistent(
            String name, org.apache.kafka.common.serialization.Serde<K> keySerde, Map<String, String> changelog) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, Serdes.ByteArray())
                .withLoggingEnabled(changelog);
    }

    /**
     * The Streams settings this topology requires; the runner adds bootstrap servers, state dir, threads and
     * security. {@code errors.dead.letter.queue.topic.name} stays unset on purpose: its built-in handlers write and
     * then fail, which under exactly-once aborts the write.
     */
    /** Streams' {@code poll.ms}: how long an idle stream thread waits in poll before it punctuates. */
    public static final long POLL_MS = 2;

    public static Properties streamsProperties(TopologySettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // Completed lookups are drained by a wall-clock punctuator, which runs only between polls: with the default
        // 100 ms an idle input delays every answer by up to 100 ms; 5 ms matches DRAIN_INTERVAL (docs/BENCHMARKS.md, cold).
        props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(POLL_MS));
        // The lookup task reads the repartition and the retry topic, whose partitions are mostly empty; with task idling
        // on (Streams' default 0) every readiness check of such a task formats log text with String.format for each
        // empty partition, whether or not TRACE is on: 14 % of the stream thread in the warm profile
        // (docs/BENCHMARKS.md). Nothing here needs cross-partition timestamp order: parked retries carry their own due
        // time, so idling is turned off.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(settings.topicMaxMessageBytes()));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(settings.topicMaxMessageBytes()));
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, SourceTimestampExtractor.class.getName());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        props.put(DLQ_TOPIC_CONFIG, settings.dlqTopic());
        props.put(StreamsErrorRecords.PASS_HEADERS_CONFIG, String.join(",", settings.passHeaders()));
        return props;
    }
}
