package io.rotor.enricher.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer.RecordedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RestSchemaRegistryClientTest {
    private static final String LEAD = Lead.getClassSchema().toString();
    private static final String OTHER = SchemaBuilder.record("Other").fields().requiredLong("n").endRecord().toString();
    private static final long SEED = 42L;
    private static final RegistryRetryPolicy RETRY =
            new RegistryRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final List<Long> waits = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private FakeSchemaRegistryServer server;

    @BeforeEach
    void startServer() {
        server = FakeSchemaRegistryServer.start();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        server.close();
    }

    @Test
    void speaksTheFourEndpointsAsConfluentDocumentsThem() {
        RestSchemaRegistryClient client = client(server.url());

        assertThat(client.register("leads-value", LEAD)).isEqualTo(1);
        assertThat(client.register("audit-value", LEAD)).isEqualTo(1);
        assertThat(client.register("leads-value", OTHER)).isEqualTo(2);
        server.store().register("seeded-value", LEAD); // registered by someone else: the client has not seen it
        assertThat(client.lookup("seeded-value", LEAD)).isEqualTo(1);
        assertThat(client.schemaById(2)).isEqualTo(OTHER);
        assertThat(client.latest("leads-value")).isEqualTo(new SchemaVersion(2, 2, OTHER));

        List<RecordedRequest> requests = server.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /subjects/leads-value/versions",
                "POST /subjects/audit-value/versions",
                "POST /subjects/leads-value/versions",
                "POST /subjects/seeded-value",
                "GET /schemas/ids/2",
                "GET /subjects/leads-value/versions/latest");
        assertThat(requests.get(0).header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(RestSchemaRegistryClient.CONTENT_TYPE));
        assertThat(requests.get(0).header("Accept")).hasValueSatisfying(
                accept -> assertThat(accept).startsWith(RestSchemaRegistryClient.CONTENT_TYPE));
        assertThat(requests.get(0).body()).contains("\"schemaType\":\"AVRO\"");
        assertThat(requests.get(0).header("Authorization")).isEmpty();
    }

    @Test
    void subjectsAreEscapedAsPathSegments() {
        RestSchemaRegistryClient client = client(server.url());

        client.register("odd topic/with slash-value", LEAD);

        assertThat(server.requests().get(0).path()).isEqualTo("/subjects/odd%20topic%2Fwith%20slash-value/versions");
        assertThat(server.store().subjects()).containsExactly("odd topic/with slash-value");
    }

    @Test
    void cachesSoRepeatedCallsCostOneRequest() {
        RestSchemaRegistryClient client = client(server.url());

        for (int i = 0; i < 50; i++) {
            assertThat(client.register("leads-value", LEAD)).isEqualTo(1);
            assertThat(client.lookup("leads-value", LEAD)).isEqualTo(1);
            assertThat(client.schemaById(1)).isEqualTo(LEAD);
        }

        assertThat(server.requests()).extracting(RecordedRequest::path)
                .containsExactly("/subjects/leads-value/versions", "/schemas/ids/1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "404 | 40401 | Subject 'leads-value' not found.                           | subject not found",
        "404 | 40403 | Schema not found                                            | schema not found",
        "409 | 409   | Schema being registered is incompatible with an earlier schema | incompatible schema",
        "409 | 40901 | Schema being registered is incompatible with an earlier schema | incompatible schema",
        "422 | 42201 | Invalid schema                                              | invalid schema",
    })
    void registryErrorsSurfaceTheirCodeAndMessage(int status, int errorCode, String message, String meaning) {
        RestSchemaRegistryClient client = client(server.url());
        server.failNext(1, status, errorCode, message);

        assertThatThrownBy(() -> client.register("leads-value", LEAD))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.errorCode()).isEqualTo(errorCode);
                    assertThat(e.isIncompatible()).isEqualTo(status == 409);
                })
                .hasMessageContaining("register schema under subject 'leads-value'")
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("error_code " + errorCode)
                .hasMessageContaining(meaning)
                .hasMessageContaining(message);
        assertThat(server.requestCount()).as("4xx answers are not retried").isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithSeededFullJitterBackoff() {
        RestSchemaRegistryClient client = client(server.url());
        server.failNext(2, 503, 50003, "Error while forwarding the request to the leader");

        assertThat(client.register("leads-value", LEAD)).isEqualTo(1);

        assertThat(server.requestCount()).isEqualTo(3);
        Random expected = new Random(SEED);
        assertThat(waits).containsExactly(RETRY.backoffMillis(0, expected), RETRY.backoffMillis(1, expected));
        assertThat(waits.get(0)).isBetween(1L, 100L);
        assertThat(waits.get(1)).isBetween(1L, 200L);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 504})
    void timeoutsThrottlingAndOtherServerErrorsAreRetried(int status) {
        RestSchemaRegistryClient client = client(server.url());
        server.failNext(1, status, status, "try again");

        assertThat(client.schemaById(registerDirectly())).isEqualTo(LEAD);

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void aLastingOutageIsRegistryUnavailableAfterTheRetries() {
        RestSchemaRegistryClient client = client(server.url());
        server.failNext(100, 500, 50001, "Error in the backend data store");

        assertThatThrownBy(() -> client.register("leads-value", LEAD))
                .isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("after 4 attempt(s)")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("50001")
                .hasMessageContaining("Error in the backend data store");
        assertThat(server.requestCount()).isEqualTo(4);
        for (int retry = 0; retry < waits.size(); retry++) {
            assertThat(waits.get(retry)).isBetween(1L, RETRY.capMillis(retry));
        }
        assertThat(waits).hasSize(3);
    }

    @Test
    void anUnreachableRegistryIsRegistryUnavailable() throws IOException {
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort());

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("fetch schema id 1")
                .hasRootCauseInstanceOf(ConnectException.class);
        assertThat(waits).hasSize(3);
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort() + ", " + server.url());

        assertThat(client.register("leads-value", LEAD)).isEqualTo(1);
        assertThat(client.register("leads-value", OTHER)).isEqualTo(2);

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(waits).as("only the first call met the dead URL").hasSize(1);
    }

    @Test
    void aHangingRegistryTimesOutWithinTheBudget() {
        RegistryRetryPolicy shortBudget = new RegistryRetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(900));
        RestSchemaRegistryClient client = track(new RestSchemaRegistryClient(
                RegistryClientConfig.from(Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, server.url())),
                new RestSchemaRegistryClient.Options(Duration.ofMillis(300), Duration.ofMillis(300), shortBudget,
                        new Random(SEED), waits::add)));
        server.hangNext(100);
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.latest("leads-value"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isLessThan(900 + 300 + 500);
        assertThat(server.requestCount()).isBetween(2, 4);
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        server.requireBasicAuth("svc", "s3cret:pa$$");
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryClientConfig.SCHEMA_REGISTRY_URL, server.url());
        config.put(RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        config.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, "svc:s3cret:pa$$");
        RestSchemaRegistryClient client = client(config);

        assertThat(client.register("leads-value", LEAD)).isEqualTo(1);

        assertThat(server.requests().get(0).header("Authorization")).contains("Basic "
                + Base64.getEncoder().encodeToString("svc:s3cret:pa$$".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.toString()).doesNotContain("s3cret").doesNotContain("svc");
        assertThat(RegistryClientConfig.from(config).toString()).doesNotContain("s3cret");
    }

    @Test
    void sendsBasicAuthFromTheUrlWithoutLeakingIt() {
        server.requireBasicAuth("svc", "s3cret");
        String withCredentials = server.url().replace("http://", "http://svc:s3cret@");
        RestSchemaRegistryClient client = client(withCredentials);

        assertThat(client.register("leads-value", LEAD)).isEqualTo(1);
        server.failNext(100, 503, 50003, "leader unavailable");

        assertThat(server.requests().get(0).header("Authorization")).contains("Basic "
                + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> client.register("leads-value", OTHER))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(server.url())
                .hasMessageNotContaining("s3cret");
        assertThat(client.toString()).contains(server.url()).doesNotContain("s3cret");
        assertThat(RegistryClientConfig.from(Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, withCredentials))
                .toString()).doesNotContain("s3cret");
    }

    @Test
    void refusedCredentialsAreNotTheRecordsFault() {
        server.requireBasicAuth("svc", "right");
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryClientConfig.SCHEMA_REGISTRY_URL, server.url());
        config.put(RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        config.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, "svc:wrong-secret");
        RestSchemaRegistryClient client = client(config);

        assertThatThrownBy(() -> client.register("leads-value", LEAD))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-secret");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    private int registerDirectly() {
        return server.store().register("leads-value", LEAD);
    }

    private RestSchemaRegistryClient client(String urls) {
        return client(Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, urls));
    }

    private RestSchemaRegistryClient client(Map<String, Object> config) {
        return track(new RestSchemaRegistryClient(RegistryClientConfig.from(config),
                new RestSchemaRegistryClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(2), RETRY,
                        new Random(SEED), waits::add)));
    }

    private RestSchemaRegistryClient track(RestSchemaRegistryClient client) {
        toClose.add(client);
        return client;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
