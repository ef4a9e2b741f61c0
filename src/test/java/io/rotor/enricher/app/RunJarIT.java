package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rotor.enricher.demo.EmbeddedKafka;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar … run} as a child process: becomes ready, and closes cleanly on SIGTERM. */
@Tag("slow")
class RunJarIT {
    private static final String KEY = "rk_it_JARRUNSECRET";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void runBecomesReadyAndShutsDownOnSigterm() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.started();
             SandboxRotorServer rotor = SandboxRotorServer.start(SandboxOptions.builder().apiKey(KEY).build())) {
            kafka.createTopic("lead-events", 2);
            kafka.createTopic("leads-enriched", 2);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path jar = Paths.get(System.getProperty("enricher.jar", "target/rotor-lead-enricher.jar"));
            Path log = dir.resolve("run.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "run"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("ROTOR_") || name.startsWith("ENRICHER_")
                    || name.startsWith("KAFKA_") || name.startsWith("SCHEMA_REGISTRY_"));
            builder.environment().put("ROTOR_API_KEY", KEY);
            builder.environment().put("ROTOR_BASE_URL", rotor.baseUrl());
            builder.environment().put("ROTOR_ALLOW_HTTP", "true");
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            builder.environment().put("KAFKA_STATE_DIR", dir.resolve("state").toString());
            builder.environment().put("SCHEMA_REGISTRY_URL", "mock://run-jar-it");
            builder.environment().put("ENRICHER_HTTP_PORT", Integer.toString(port));
            Process process = builder.start();
            try {
                URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(process.isAlive()).as("run exited early:%n%s", read(log)).isTrue();
                    try {
                        return HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode() == 200;
                    } catch (java.io.IOException notYetListening) {
                        return false;
                    }
                });

                process.destroy(); // SIGTERM

                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60s after SIGTERM").isTrue();
            } finally {
                process.destroyForcibly();
            }
            String output = read(log);
            // A JVM stopped by SIGTERM exits 128 + 15 once its shutdown hooks have run.
            assertThat(process.exitValue()).as(output).isEqualTo(143);
            assertThat(output).contains("Kafka Streams state REBALANCING -> RUNNING", "Signal received, shutting down",
                    "Kafka Streams state PENDING_SHUTDOWN -> NOT_RUNNING").doesNotContain("JARRUNSECRET");
        }
    }

    private static String read(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
