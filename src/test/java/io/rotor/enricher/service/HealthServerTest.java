package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.rotor.RotorClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthServerTest {
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final AtomicBoolean registryUp = new AtomicBoolean(true);
    // Java 17's HttpClient has no close(); one per test class, released with it.
    private static final HttpClient http = HttpClient.newHttpClient();
    private ServiceMetrics metrics;
    private HealthServer server;

    @TempDir
    java.nio.file.Path stateDir;

    @BeforeEach
    void start() throws IOException {
        metrics = new ServiceMetrics();
        server = HealthServer.start(0, new StreamsHealth(state::get, replacing::get, registryUp::get), metrics.registry());
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    @Test
    void livenessFollowsTheStreamsState() throws Exception {
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            state.set(s);
            boolean alive = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;

            HttpResponse<String> response = get("/health/live");

            assertThat(response.statusCode()).as(s.name()).isEqualTo(alive ? 200 : 503);
            assertThat(response.body()).isEqualTo("{\"status\":\"" + (alive ? "UP" : "DOWN")
                    + "\",\"detail\":\"kafka streams " + s + "\"}\n");
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        }
    }

    @Test
    void readinessNeedsRunningNoThreadReplacementAndTheRegistry() throws Exception {
        state.set(KafkaStreams.State.REBALANCING);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);

        state.set(KafkaStreams.State.RUNNING);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");

        registryUp.set(false);
        HttpResponse<String> noRegistry = get("/health/ready");
        assertThat(noRegistry.statusCode()).isEqualTo(503);
        assertThat(noRegistry.body()).contains("schema registry unreachable");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        registryUp.set(true);
        replacing.set(true);
        HttpResponse<String> replacingThread = get("/health/ready");
        assertThat(replacingThread.statusCode()).isEqualTo(503);
        assertThat(replacingThread.body()).contains("a failed stream thread is being replaced");
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        state.set(KafkaStreams.State.RUNNING);

        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/health/live"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/health/live"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsAreInPrometheusTextFormatWithKafkaStreamsAndClientMeters() throws Exception {
        Counter.builder("enricher.test.events").tag("outcome", "FOUND").register(metrics.registry()).increment(3);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        RotorSettings rotor = RotorSettings.defaults().with(Settings.ROTOR_API_KEY, Secret.of("rk_live_METRICSECRET"));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             RotorClient client = new RotorClient(rotor, Clock.systemUTC(), metrics.registry())) {
            metrics.bind(streams, "in");

            HttpResponse<String> response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains(HealthServer.PROMETHEUS_CONTENT_TYPE);
            assertThat(response.body())
                    .contains("# TYPE enricher_test_events_total counter")
                    .contains("enricher_test_events_total{outcome=\"FOUND\"} 3.0")
                    .contains("kafka_stream_")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain("METRICSECRET");
        }
    }
}
