package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.service.GateKeys;
import io.rotor.enricher.testkit.ChildService;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.PreviousRelease;
import io.rotor.enricher.testkit.ServiceHarness;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every release starts on the state of the one before it. The previous release's packaged jar (see
 * {@link PreviousRelease}) runs until leads are cached, events are pending with lookups in flight, events are parked
 * on the retry topic and the quota gate is closed by a 429; it is stopped with SIGTERM, and this build's jar starts
 * on the same topics, state directory and application id.
 */
@Tag("slow")
class UpgradeIT {
    private static final int CACHED_LEADS = 20;
    private static final int NEW_LEADS = 120;
    private static final int STALE_LEADS = 10;
    private static final String UNKNOWN_LEAD = "00000000-0000-4000-8000-00000000dead";

    @Test
    void theNewReleaseStartsOnThePreviousReleasesStateLosingNothingAndCallingNoCachedLeadAgain(@TempDir Path temp)
            throws Exception {
        Path previousJar = PreviousRelease.jar();
        // Slow answers keep lookups in flight. A quota of 30 per 15 s: the new leads need at least four quota
        // periods, so at the stop (seconds after the first 429) dozens of events are certainly still parked.
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(21).catalogSize(CACHED_LEADS + NEW_LEADS)
                .latency(Duration.ofMillis(300), Duration.ofMillis(200))
                .quota(30).quotaPeriod(Duration.ofSeconds(15)).sendRetryAfter(true);
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            List<String> ids = h.sandbox().catalog().ids();
            List<String> cached = ids.subList(0, CACHED_LEADS);
            List<String> fresh = ids.subList(CACHED_LEADS, CACHED_LEADS + NEW_LEADS);
            Path stateDir = Files.createDirectories(temp.resolve("state"));
            Path log = temp.resolve("service.log");
            Map<String, String> env = h.childEnv(registry.url(), stateDir);

            try (ChildService previous = ChildService.start(previousJar, env, log)) {
                List<ProducerRecord<byte[], byte[]>> first = events(h, cached, 2, 0);
                // A lead Rotor does not know: the previous release dead-letters it NOT_FOUND, in its format.
                first.add(h.input(Fixtures.utf8(UNKNOWN_LEAD), Fixtures.event(UNKNOWN_LEAD, "lead.viewed", 999)));
                h.produce(first);
                Awaitility.await("the previous release caches " + CACHED_LEADS + " leads").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(previous.isAlive()).as("the previous release exited:%n%s", tail(previous.output())).isTrue();
                            return h.settled() == 2L * CACHED_LEADS + 1;
                        });
                h.produce(events(h, fresh, 2, 1000));
                Awaitility.await("parked retries, a 429 and lookups in flight").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            assertThat(previous.isAlive()).as("the previous release exited:%n%s", tail(previous.output())).isTrue();
                            h.poll();
                            return !h.retries().isEmpty() && h.sandbox().stats().rateLimited() > 0;
                        });
                // The sandbox counts the 429 when it sends it; the gate record follows once the previous release has
                // read the answer and committed (CI met a stop in between on a loaded machine).
                Awaitility.await("the previous release publishes its closing").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            assertThat(previous.isAlive()).as("the previous release exited:%n%s", tail(previous.output())).isTrue();
                            return !gateRecords(h).isEmpty();
                        });
                assertThat(previous.stop(Duration.ofSeconds(45))).as("SIGTERM exit code").isEqualTo(143);
            }
            // The previous release's gate record: the format without version, still read by this release (epoch 0).
            List<GateRecord> gateAtUpgrade = gateRecords(h);
            assertThat(gateAtUpgrade).as("the previous release published its closing").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.closedBy()).isNull());
            Instant closedAtUpgrade = gateAtUpgrade.stream().reduce(null, GateRecord::merge).state().closedUntil();
            long settledAtUpgrade = h.settled();
            assertThat(settledAtUpgrade).as("events still pending or parked at the upgrade")
                    .isLessThan(2L * (CACHED_LEADS + NEW_LEADS) + 1);
            int pathsBefore = h.sandbox().stats().receivedPaths().size();

            try (ChildService next = ChildService.start(env, log)) {
                h.produce(events(h, cached, 1, 5000));
                ConservationReport report = h.drain(Duration.ofSeconds(150));
                assertThat(report.held()).as(report.describe() + "%n" + tail(next.output())).isTrue();
                assertThat(report.duplicated()).isZero();
                assertThat(next.isAlive()).isTrue();

                List<String> callsAfter = h.sandbox().stats().receivedPaths().subList(pathsBefore,
                        h.sandbox().stats().receivedPaths().size());
                assertThat(callsAfter).as("leads the previous release had cached, called again after the upgrade")
                        .noneMatch(path -> cached.stream().anyMatch(path::endsWith));

                // The previous release's dead letter, replayed into this release's new source (the replay topic):
                // its lead is still unknown, so it comes back NOT_FOUND, now with the replay count and the lead id.
                int deadBefore = h.dlq().size();
                java.io.StringWriter out = new java.io.StringWriter();
                int code = io.rotor.enricher.app.Main.commandLine(env, new java.io.PrintWriter(out), new java.io.PrintWriter(out))
                        .execute("replay", "--reason", "NOT_FOUND");
                assertThat(code).as(out.toString()).isZero();
                assertThat(out.toString()).containsPattern("replayed\\s+1\\b");
                Awaitility.await("the replayed dead letter back in the DLQ").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            h.poll();
                            return h.dlq().size() > deadBefore;
                        });
                ConsumerRecord<byte[], byte[]> again = h.dlq().get(h.dlq().size() - 1);
                assertThat(header(again, HeaderNames.REPLAY_COUNT)).isEqualTo("1");
                assertThat(header(again, HeaderNames.LEAD_ID)).isEqualTo(UNKNOWN_LEAD);
                ConsumerRecord<byte[], byte[]> original = h.dlq().stream()
                        .filter(r -> header(r, HeaderNames.REPLAY_COUNT) == null && UNKNOWN_LEAD.equals(new String(r.key(), StandardCharsets.UTF_8)))
                        .findFirst().orElseThrow();
                assertThat(header(original, HeaderNames.LEAD_ID)).as("the previous release's format").isNull();
                assertThat(header(again, HeaderNames.ORIGIN_OFFSET)).isEqualTo(header(original, HeaderNames.ORIGIN_OFFSET));
                assertThat(next.stop(Duration.ofSeconds(45))).isEqualTo(143);
            }
            // What this release published merges with the previous release's records: never an earlier closing.
            List<GateRecord> gateAfter = gateRecords(h);
            assertThat(gateAfter.stream().reduce(null, GateRecord::merge).state().closedUntil())
                    .isAfterOrEqualTo(closedAtUpgrade);
            assertThat(gateAfter.subList(gateAtUpgrade.size(), gateAfter.size()))
                    .allSatisfy(r -> assertThat(r.closedBy()).isNotNull());
        }
    }

    /**
     * Entries the previous release wrote (its format has no stale-until) are stale-servable by this one: the previous
     * release caches leads with a short TTL and stops; with the quota spent and ENRICHER_STALE_IF_ERROR set, this
     * release emits their events at once with the old copies, marked stale, and calls Rotor for none of them.
     */
    @Test
    void thePreviousReleasesExpiredEntriesAreServedStaleWhileTheQuotaIsSpent(@TempDir Path temp) throws Exception {
        Path previousJar = PreviousRelease.jar();
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(22).catalogSize(STALE_LEADS).noQuota()
                .sendRetryAfter(true).latency(Duration.ofMillis(20), Duration.ofMillis(10));
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            List<String> leads = h.sandbox().catalog().ids();
            Path log = temp.resolve("service.log");
            Map<String, String> env = h.childEnv(registry.url(), Files.createDirectories(temp.resolve("state")));
            env.put(Settings.ENRICHER_CACHE_TTL.name(), "2s");

            try (ChildService previous = ChildService.start(previousJar, env, log)) {
                h.produce(events(h, leads, 1, 0));
                Awaitility.await("the previous release caches " + STALE_LEADS + " leads").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(previous.isAlive()).as("the previous release exited:%n%s", tail(previous.output())).isTrue();
                            return h.settled() == STALE_LEADS;
                        });
                // Stopped within its first minute, before its purge could delete the expired entries.
                assertThat(previous.stop(Duration.ofSeconds(45))).isEqualTo(143);
            }
            Map<String, String> fetchedAt = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> out : h.outputs()) {
                fetchedAt.put(new String(out.key(), StandardCharsets.UTF_8), header(out, HeaderNames.FETCHED_AT));
            }
            assertThat(fetchedAt).hasSize(STALE_LEADS);
            Thread.sleep(2_000); // every entry is past its 2 s TTL now
            h.sandbox().spendQuota();
            int callsBefore = h.sandbox().stats().receivedPaths().size();

            env.put(Settings.ENRICHER_STALE_IF_ERROR.name(), "1d");
            try (ChildService next = ChildService.start(env, log)) {
                h.produce(events(h, leads, 1, 100));
                ConservationReport report = h.drain(Duration.ofSeconds(90));
                assertThat(report.held()).as(report.describe() + "%n" + tail(next.output())).isTrue();
                List<ConsumerRecord<byte[], byte[]>> served = h.outputs().subList(STALE_LEADS, h.outputs().size());
                assertThat(served).hasSize(STALE_LEADS).allSatisfy(out -> {
                    assertThat(header(out, HeaderNames.STALE)).isEqualTo("true");
                    assertThat(header(out, HeaderNames.CACHE_HIT)).isEqualTo("true");
                    assertThat(header(out, HeaderNames.FETCHED_AT))
                            .isEqualTo(fetchedAt.get(new String(out.key(), StandardCharsets.UTF_8)));
                });
                assertThat(h.sandbox().stats().receivedPaths().subList(callsBefore, h.sandbox().stats().receivedPaths().size()))
                        .as("the start-up check meets the spent quota; no lead is called").noneMatch(p -> p.contains("/leads/"));
                assertThat(next.stop(Duration.ofSeconds(45))).isEqualTo(143);
            }
        }
    }

    /**
     * The leads table's by-lead index of parked events is a new store: the first start with ENRICHER_CATALOG_SYNC on
     * builds it from the parked events the previous release left. Here the previous release parks events behind a gate
     * closed for an hour; this build starts with the catalog on, the table receives those leads (as the sync would
     * write them), and every parked event comes out at once, with no call to Rotor.
     */
    @Test
    void eventsThePreviousReleaseParkedBehindTheGateAreAnsweredByTheLeadsTable(@TempDir Path temp) throws Exception {
        Path previousJar = PreviousRelease.jar();
        int leads = 30;
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(23).catalogSize(leads).quota(6)
                .quotaPeriod(Duration.ofHours(1)).sendRetryAfter(true).latency(Duration.ofMillis(20), Duration.ofMillis(10));
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            List<String> ids = h.sandbox().catalog().ids();
            Path log = temp.resolve("service.log");
            Map<String, String> env = h.childEnv(registry.url(), Files.createDirectories(temp.resolve("state")));
            int total = 2 * leads;

            try (ChildService previous = ChildService.start(previousJar, env, log)) {
                h.produce(events(h, ids, 2, 0));
                Awaitility.await("every event settled or parked behind the closed gate").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(previous.isAlive()).as("the previous release exited:%n%s", tail(previous.output())).isTrue();
                            h.poll();
                            long parked = h.retries().stream()
                                    .map(r -> header(r, HeaderNames.ORIGIN_PARTITION) + "/" + header(r, HeaderNames.ORIGIN_OFFSET))
                                    .distinct().count();
                            return h.sandbox().stats().rateLimited() > 0 && h.settled() + parked == total;
                        });
                assertThat(previous.stop(Duration.ofSeconds(45))).isEqualTo(143);
            }
            long settledBefore = h.settled();
            assertThat(settledBefore).as("most events wait for the reset an hour away").isLessThan(total / 2);
            java.util.Set<String> answered = new java.util.HashSet<>();
            h.outputs().forEach(r -> answered.add(new String(r.key(), StandardCharsets.UTF_8)));
            List<String> waiting = ids.stream().filter(id -> !answered.contains(id)).toList();
            int callsBefore = h.sandbox().stats().receivedPaths().size();

            env.put(Settings.ENRICHER_CATALOG_SYNC.name(), "true");
            try (ChildService next = ChildService.start(env, log);
                 org.apache.kafka.common.serialization.Serde<io.rotor.enricher.avro.Lead> serde =
                         io.rotor.enricher.serde.LeadSerdes.valueSerde(null,
                                 Map.of(io.rotor.enricher.serde.AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()));
                 org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> table =
                         new org.apache.kafka.clients.producer.KafkaProducer<>(h.kafka().adminConfig(),
                                 new org.apache.kafka.common.serialization.StringSerializer(),
                                 new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                String topic = h.settings().catalogTopic();
                Awaitility.await("the leads table created").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(next.isAlive()).as("this release exited:%n%s", tail(next.output())).isTrue();
                            try {
                                return table.partitionsFor(topic).size() == ServiceHarness.PARTITIONS;
                            } catch (org.apache.kafka.common.KafkaException notYet) {
                                return false;
                            }
                        });
                for (String id : waiting) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, id,
                            serde.serializer().serialize(topic, Fixtures.lead(id)));
                    io.rotor.enricher.catalog.CatalogRecords.headers(System.currentTimeMillis(),
                            io.rotor.enricher.catalog.CatalogRecords.Source.SYNC, List.of()).forEach(record.headers()::add);
                    table.send(record);
                }
                table.flush();
                ConservationReport report = h.drain(Duration.ofSeconds(120));
                assertThat(report.held()).as(report.describe() + "%n" + tail(next.output())).isTrue();
                assertThat(report.duplicated()).isZero();
                assertThat(h.outputs()).hasSize(total);
                assertThat(h.sandbox().stats().receivedPaths().subList(callsBefore, h.sandbox().stats().receivedPaths().size()))
                        .as("the gate is closed: no lead is called, the table answers").noneMatch(p -> p.contains("/leads/"));
                assertThat(next.stop(Duration.ofSeconds(45))).isEqualTo(143);
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ProducerRecord<byte[], byte[]>> events(ServiceHarness h, List<String> leads, int perLead, int base) {
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (int round = 0; round < perLead; round++) {
            for (int i = 0; i < leads.size(); i++) {
                String id = leads.get(i);
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", base + round * leads.size() + i)));
            }
        }
        return events;
    }

    /** Every record of the sandbox key on the gate topic, in order, as this release reads them. */
    private static List<GateRecord> gateRecords(ServiceHarness h) {
        Map<String, Object> props = new HashMap<>(h.kafka().adminConfig());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        String key = GateKeys.fingerprint(Secret.of(ServiceHarness.API_KEY));
        List<GateRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(h.settings().gateTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        records.add(GateStateJson.decodeRecord(r.value()));
                    }
                }
            }
        }
        return records;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
