package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rotor.enricher.app.SerdePropertyNames;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.ConfigException;
import io.rotor.enricher.config.ConfigLoader;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.demo.EmbeddedKafka;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.serde.LeadSerdes;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s service on a real (embedded KRaft) broker, the sandbox Rotor and a mock:// registry. */
@Tag("slow")
class EnricherServiceIT {
    private static final String KEY = "rk_it_SERVICESECRET";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafka kafka;
    private static SandboxRotorServer rotor;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startDependencies() throws Exception {
        kafka = EmbeddedKafka.started();
        rotor = SandboxRotorServer.start(SandboxOptions.builder().apiKey(KEY).build());
    }

    @AfterAll
    static void stopDependencies() {
        if (rotor != null) {
            rotor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private EnricherConfig config(String prefix, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("ROTOR_API_KEY", KEY);
        env.put("ROTOR_BASE_URL", rotor.baseUrl());
        env.put("ROTOR_ALLOW_HTTP", "true");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "mock://" + prefix);
        env.put("ENRICHER_HTTP_PORT", "0");
        env.put("ENRICHER_APPLICATION_ID", prefix + "-app");
        env.put("ENRICHER_INPUT_TOPIC", prefix + "-in");
        env.put("ENRICHER_OUTPUT_TOPIC", prefix + "-out");
        env.put("ENRICHER_RETRY_TOPIC", prefix + "-retry");
        env.put("ENRICHER_DLQ_TOPIC", prefix + "-dlq");
        env.put("KAFKA_STATE_DIR", stateDir.toString());
        env.put("KAFKA_COMMIT_INTERVAL_MS", "200");
        env.putAll(extra);
        return new ConfigLoader(SerdePropertyNames::forSerde).load(null, env, Map.of());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void enrichesEventsEndToEndAndServesHealthAndMetrics() throws Exception {
        kafka.createTopic("e2e-in", 2);
        kafka.createTopic("e2e-out", 1);
        // A KAFKA_* setting passes through to Kafka Streams: its client.id tags the Streams metrics.
        EnricherConfig config = config("e2e", Map.of("KAFKA_CLIENT_ID", "e2e-passthrough-client"));
        List<String> ids = rotor.catalog().ids().subList(0, 3);

        try (EnricherService service = EnricherService.start(config, ServiceSeams.production());
             Admin admin = Admin.create(kafka.adminConfig())) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return service.awaitExit();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
            int port = service.httpPort();
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").statusCode() == 200);
            assertThat(admin.describeTopics(List.of("e2e-retry")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("e2e-retry").partitions()).hasSize(2);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("e2e-dlq", "e2e-app-quota-gate");

            produce("e2e-in", ids);
            List<ConsumerRecord<String, byte[]>> out = consume("e2e-out", ids.size());

            try (Serde<Lead> serde = LeadSerdes.valueSerde(null, config.serdeConfig())) {
                assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
                for (ConsumerRecord<String, byte[]> record : out) {
                    assertThat(serde.deserializer().deserialize("e2e-out", record.value()).getId()).isEqualTo(record.key());
                }
            }
            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("kafka_stream_", "rotor_client_calls_total", "enricher_")
                    .contains("client_id=\"e2e-passthrough-client")
                    .doesNotContain("SERVICESECRET");
            for (String id : ids) {
                assertThat(metrics).doesNotContain(id);
            }

            service.close();
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(service.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        } finally {
            MockSchemaRegistry.dropScope("e2e");
        }
    }

    /**
     * Issue 15, item 3: every metric name the alert rules and the dashboard in ops/ use exists on a started
     * service's /metrics before the first event, so no rule or panel watches a series that never appears.
     */
    @Test
    void everyMetricTheOpsRulesAndDashboardUseExistsBeforeTheFirstEvent() throws Exception {
        kafka.createTopic("ops-in", 2);
        kafka.createTopic("ops-out", 1);
        try (EnricherService service = EnricherService.start(config("ops", Map.of()), ServiceSeams.production())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
            int port = service.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").statusCode() == 200);
            java.util.Set<String> scraped = new java.util.TreeSet<>();
            scraped.addAll(OpsMetricNames.scrapedNames(get(port, "/metrics").body()));
            java.util.Set<String> used = OpsMetricNames.usedInOps(Path.of("ops"));
            assertThat(used).as("the ops files name metrics").hasSizeGreaterThan(20)
                    .contains("enricher_ready", "rotor_client_calls_today", "kafka_stream_alive_stream_threads");
            java.util.Set<String> missing = new java.util.TreeSet<>(used);
            missing.removeAll(scraped);
            assertThat(missing).as("used in ops/ but not on /metrics").isEmpty();
            // Every tagged series exists before the first event, with each value of its closed set.
            String body = get(port, "/metrics").body();
            for (String reason : new String[] {"AUTH_FAILED", "UNEXPECTED_STATUS", "RATE_LIMITED"}) {
                assertThat(body).contains("rotor_gate_closed{reason=\"" + reason + "\"");
            }
            for (io.rotor.enricher.envelope.DlqReason reason : io.rotor.enricher.envelope.DlqReason.values()) {
                assertThat(body).contains("enricher_dlq_records_total{reason=\"" + reason.name() + "\"");
            }
            assertThat(body).contains("rotor_client_latency_seconds_bucket{", "purpose=\"lookup\"");
        } finally {
            MockSchemaRegistry.dropScope("ops");
        }
    }

    @Test
    void theSharedGateClosedByAnEarlierRunSkipsThePreflightCall() throws Exception {
        kafka.createTopic("gated-in", 1);
        kafka.createTopic("gated-out", 1);
        kafka.createTopic("gated-app-quota-gate", 1, Map.of("cleanup.policy", "compact"));
        GateState closed = new GateState(Instant.now().plus(Duration.ofHours(1)), Outcome.RATE_LIMITED, "quota spent");
        Map<String, Object> props = new HashMap<>(kafka.adminConfig());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("gated-app-quota-gate", GateKeys.fingerprint(Secret.of(KEY)),
                    GateStateJson.encode(new GateRecord(closed, System.currentTimeMillis(), "another-instance", 0)))).get(30, TimeUnit.SECONDS);
        }
        long authCallsBefore = rotor.stats().endpoint(SandboxStats.AUTH_TEST);

        try (EnricherService service = EnricherService.start(config("gated", Map.of()), ServiceSeams.production())) {
            assertThat(service.state()).isNotEqualTo(KafkaStreams.State.ERROR);
            assertThat(rotor.stats().endpoint(SandboxStats.AUTH_TEST)).isEqualTo(authCallsBefore);
        } finally {
            MockSchemaRegistry.dropScope("gated");
        }
    }

    @Test
    void anAbsentInputTopicIsAConfigurationErrorNamingIt() {
        EnricherConfig config = config("absent", Map.of());

        assertThatThrownBy(() -> EnricherService.start(config, ServiceSeams.production()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENRICHER_INPUT_TOPIC: topic 'absent-in' does not exist");
    }

    @Test
    void aKeyRotorRejectsIsAConfigurationError() {
        kafka.createTopic("badkey-in", 1);
        kafka.createTopic("badkey-out", 1);
        EnricherConfig config = config("badkey", Map.of("ROTOR_API_KEY", "rk_not_accepted"));

        assertThatThrownBy(() -> EnricherService.start(config, ServiceSeams.production()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROTOR_API_KEY: ")
                .hasMessageNotContaining("rk_not_accepted");
    }

    private static void produce(String topic, List<String> ids) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.adminConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String id : ids) {
                byte[] value = ("{\"lead_id\":\"" + id + "\",\"type\":\"lead.created\"}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        Map<String, Object> props = new HashMap<>(kafka.adminConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
