package io.rotor.enricher.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.service.EnricherService;
import io.rotor.enricher.service.ServiceSeams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.LoggerFactory;

/**
 * The demo: an in-process KRaft broker, the sandbox Rotor, a {@code mock://} registry and the enricher in this
 * JVM; a paced stream of generated events; progress on one line; a summary whose every number is counted.
 */
public final class Demo {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** After every input has a result, read on this long to catch a duplicate a later transaction might add. */
    private static final Duration DUPLICATE_WATCH = Duration.ofSeconds(2);
    private static final Duration TICK = Duration.ofMillis(100);

    private final DemoOptions options;
    private final PrintStream out;
    private final ProgressLine progress;

    public Demo(DemoOptions options, PrintStream out, ProgressLine progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    private record Acked(GeneratedEvent event, RecordMetadata metadata) {
    }

    public DemoSummary run() throws Exception {
        quietLogs();
        Path work = Files.createTempDirectory("rotor-demo-");
        String registryScope = "rotor-demo-" + UUID.randomUUID();
        TopologySettings settings = options.topologySettings()
                .with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(options.partitions()));
        out.printf(Locale.ROOT, "rotor-lead-enricher demo: %,d events over %,d leads; sandbox Rotor with %s latency, quota %d per %s%n",
                options.events(), options.leads(), options.latency().toMillis() + "ms±" + options.latencyJitter().toMillis() + "ms",
                options.quota(), Durations.format(options.quotaPeriod()));
        out.println("starting an in-process Kafka broker (KRaft), the sandbox Rotor, a mock:// schema registry and the enricher...");
        try (EmbeddedKafka kafka = EmbeddedKafka.started();
             SandboxRotorServer sandbox = SandboxRotorServer.start(sandboxOptions())) {
            kafka.createTopic(settings.inputTopic(), options.partitions());
            // The demo plays the operator here: the service never creates the input topic, nor (in production) the output.
            kafka.createTopic(settings.outputTopic(), options.partitions());
            EnricherConfig config = EnricherConfig.embedded(
                    options.rotorSettings(sandbox.baseUri(), Secret.of(SandboxOptions.DEFAULT_API_KEY)), settings,
                    kafka.bootstrapServers(), MockSchemaRegistry.URL_SCHEME + registryScope,
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString()));
            try (EnricherService service = EnricherService.start(config, ServiceSeams.embedded());
                 TopicTail tail = new TopicTail(kafka.bootstrapServers(), List.of(settings.outputTopic(), settings.dlqTopic(), settings.retryTopic()));
                 KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                service.awaitRunning(STARTUP_TIMEOUT);
                return stream(settings, sandbox, service, tail, producer);
            }
        } finally {
            MockSchemaRegistry.dropScope(registryScope);
            deleteRecursively(work);
        }
    }

    private DemoSummary stream(TopologySettings settings, SandboxRotorServer sandbox, EnricherService service,
                               TopicTail tail, KafkaProducer<byte[], byte[]> producer) {
        EventGenerator generator = new EventGenerator(sandbox.catalog().ids(), EventMix.DEMO, options.seed());
        ConservationLedger ledger = new ConservationLedger();
        ResultTally tally = new ResultTally(ledger, settings.outputTopic(), settings.dlqTopic(), settings.retryTopic());
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicReference<Exception> produceFailure = new AtomicReference<>();

        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        int sent = 0;
        long lastProgress = 0;
        long settledAt = 0;
        while (true) {
            long now = System.nanoTime();
            int due = options.rate() == 0 ? options.events()
                    : (int) Math.min(options.events(), (now - start) / 1_000_000_000.0 * options.rate() + 1);
            while (sent < due) {
                GeneratedEvent event = generator.next();
                producer.send(new ProducerRecord<>(settings.inputTopic(), event.key(), event.value()), (metadata, failure) -> {
                    if (failure != null) {
                        produceFailure.compareAndSet(null, failure);
                    } else {
                        acked.add(new Acked(event, metadata));
                    }
                });
                sent++;
            }
            if (sent == options.events()) {
                producer.flush();
            }
            for (Acked a; (a = acked.poll()) != null; ) {
                ledger.recordInput(new InputRef(a.metadata().topic(), a.metadata().partition(), a.metadata().offset()),
                        a.event().key(), a.event().value());
            }
            tail.poll(TICK).forEach(tally::accept);

            now = System.nanoTime();
            boolean allProduced = ledger.inputCount() == options.events();
            if (allProduced && ledger.allSettled() && settledAt == 0) {
                settledAt = now;
            }
            if (now - lastProgress >= TICK.toNanos()) {
                progress.update(progressText(now - start, ledger, tally, sandbox.stats(), service));
                lastProgress = now;
            }
            if (produceFailure.get() != null) {
                progress.finish();
                throw new IllegalStateException("producing events failed: " + produceFailure.get().getMessage(), produceFailure.get());
            }
            if (settledAt != 0 && now - settledAt >= DUPLICATE_WATCH.toNanos() && tail.caughtUp()) {
                break;
            }
            if (now > deadline) {
                break;
            }
            KafkaStreams.State state = service.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                progress.finish();
                out.println("the enricher stopped (" + state + "); the summary below shows how far it got");
                break;
            }
        }
        progress.update(progressText(System.nanoTime() - start, ledger, tally, sandbox.stats(), service));
        progress.finish();

        long end = settledAt != 0 ? settledAt : System.nanoTime();
        if (settledAt == 0) {
            out.println("timed out after " + Durations.format(options.timeout())
                    + " with events still unresolved (raise --timeout, or see the summary)");
        }
        SandboxStats stats = sandbox.stats();
        DemoSummary summary = new DemoSummary(ledger.inputCount(), tally.leadsOut(), tally.cacheHits(),
                stats.endpoint(SandboxStats.GET_LEAD), stats.rateLimited(), stats.lateArrivals(), tally.retries(),
                ledger.report(), Duration.ofNanos(end - start));
        summary.render().forEach(out::println);
        return summary;
    }

    /** About 80 columns at most: a line the terminal wraps cannot be rewritten with a carriage return. */
    private String progressText(long elapsedNanos, ConservationLedger ledger, ResultTally tally, SandboxStats stats,
                                EnricherService service) {
        ConservationReport r = ledger.report();
        GateState gate = service.gateState();
        Instant now = Instant.now();
        String gateText = gate.isClosedAt(now)
                ? String.format(Locale.ROOT, "gate closed %.1fs", Duration.between(now, gate.closedUntil()).toMillis() / 1000.0)
                : "gate open";
        return String.format(Locale.ROOT, "%5.1fs  in %,d/%,d  out %,d  DLQ %,d  calls %,d (429: %,d)  %s",
                elapsedNanos / 1e9, ledger.inputCount(), options.events(), r.outputs(), r.dlq(),
                stats.endpoint(SandboxStats.GET_LEAD), stats.rateLimited(), gateText);
    }

    SandboxOptions sandboxOptions() {
        return SandboxOptions.builder()
                .seed(options.seed())
                .catalogSize(options.leads())
                .quota(options.quota())
                .quotaPeriod(options.quotaPeriod())
                .sendRetryAfter(true)
                .latency(options.latency().minus(options.latencyJitter()), options.latencyJitter().multipliedBy(2))
                .errorRate(options.errorRate())
                .timeoutRate(options.timeoutRate())
                .resetRate(options.resetRate())
                .malformedRate(options.malformedRate())
                // Longer than the client's response timeout, so a held request is a real timeout for it.
                .timeoutHold(DemoOptions.RESPONSE_TIMEOUT.multipliedBy(5))
                .build();
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The demo's output is the progress line and the summary; the service's INFO lines would tear the line apart.
     * ENRICHER_LOG_LEVEL still wins when set.
     */
    private static void quietLogs() {
        if (System.getenv("ENRICHER_LOG_LEVEL") != null) {
            return;
        }
        // The broker's and the clients' retries of transient transaction errors, and the service's gate warnings
        // (the progress line shows the gate), would tear the line apart; the conservation check is the verdict.
        level(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.ERROR);
        level("kafka", Level.OFF);
        level("state.change.logger", Level.OFF);
        level("org.apache.kafka", Level.OFF);
        level("org.apache.hc", Level.OFF);
    }

    private static void level(String logger, Level level) {
        ((Logger) LoggerFactory.getLogger(logger)).setLevel(level);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the demo's result is not.
        }
    }
}
