package io.rotor.enricher.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake answers as Confluent documents, over plain HTTP from a client that is not ours. */
class FakeSchemaRegistryServerTest {
    private static final String REGISTER_STRING = "{\"schema\": \"\\\"string\\\"\"}";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersLikeConfluentsReadmeExamples() throws Exception {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.start()) {
            assertThat(post(server.url() + "/subjects/Kafka-key/versions", REGISTER_STRING).body())
                    .contains("\"id\":1");
            assertThat(post(server.url() + "/subjects/Kafka-value/versions", REGISTER_STRING).body())
                    .contains("\"id\":1");
            assertThat(get(server.url() + "/schemas/ids/1").body()).contains("\"schema\":\"\\\"string\\\"\"");
            assertThat(get(server.url() + "/subjects/Kafka-value/versions/latest").body())
                    .contains("\"subject\":\"Kafka-value\"", "\"version\":1", "\"id\":1");

            HttpResponse<String> missing = get(server.url() + "/subjects/nope-value/versions/latest");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"error_code\":40401");
            assertThat(server.requestCount()).isEqualTo(5);
        }
    }

    @Test
    void injectedFailuresComeFirstThenNormalService() throws Exception {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.start()) {
            server.failNext(1, 409, 40901, "Schema being registered is incompatible with an earlier schema");

            HttpResponse<String> refused = post(server.url() + "/subjects/t-value/versions", REGISTER_STRING);
            HttpResponse<String> accepted = post(server.url() + "/subjects/t-value/versions", REGISTER_STRING);

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("\"error_code\":40901", "incompatible");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void runsStandaloneInItsOwnJvmOnAFreePort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeSchemaRegistryServer.class.getName()))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String prefix = "FakeSchemaRegistryServer listening on ";
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith(prefix));
            assertThat(line).isNotNull();
            String url = line.substring(prefix.length()).trim();

            assertThat(post(url + "/subjects/t-value/versions", REGISTER_STRING).body()).contains("\"id\":1");
        } finally {
            process.destroy();
            process.onExit().get();
        }
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", FakeSchemaRegistryServer.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
