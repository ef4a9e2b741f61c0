package io.rotor.enricher.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.serde.registry.RegistryClientConfig;
import io.rotor.enricher.serde.registry.RegistryRetryPolicy;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.serde.registry.RestSchemaRegistryClient;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.Fixtures;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serde against a registry over real HTTP: call counts and how failures surface. */
class AvroSerdeOverHttpTest {
    private static final String TOPIC = "leads-enriched";

    private FakeSchemaRegistryServer server;

    @BeforeEach
    void startServer() {
        server = FakeSchemaRegistryServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void manySerializationsAndDeserializationsCostOneCallEach() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url());
        try (LeadSerde writer = new LeadSerde(); LeadSerde reader = new LeadSerde()) {
            writer.configure(config, false);
            reader.configure(config, false);

            byte[] last = null;
            for (int i = 0; i < 200; i++) {
                last = writer.serializer().serialize(TOPIC, Fixtures.idOnlyLead("lead-" + i));
            }
            assertThat(server.requestCount()).isEqualTo(1);
            for (int i = 0; i < 200; i++) {
                assertThat(reader.deserializer().deserialize(TOPIC, last).getId()).isEqualTo("lead-199");
            }

            assertThat(server.requests()).extracting(r -> r.method() + " " + r.path())
                    .containsExactly("POST /subjects/leads-enriched-value/versions", "GET /schemas/ids/1");
            assertThat(server.store().schemaById(1)).isEqualTo(Lead.getClassSchema().toString());
        }
    }

    @Test
    void anOutageIsRegistryUnavailableNotASerializationException() {
        server.failNext(100, 503, 50003, "Error while forwarding the request to the leader");
        try (RestSchemaRegistryClient client = quickClient(); LeadSerde serde = new LeadSerde(client)) {
            serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);

            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Fixtures.fullLead()))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .isNotInstanceOf(SerializationException.class)
                    .hasMessageContaining("HTTP 503");
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 7, 0}))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("fetch schema id 7");
        }
    }

    @Test
    void anIncompatibleSchemaIsASerializationExceptionWithTheRegistrysWords() {
        server.failNext(1, 409, 40901, "Schema being registered is incompatible with an earlier schema for subject"
                + " \"leads-enriched-value\"");
        try (LeadSerde serde = new LeadSerde()) {
            serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);

            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Fixtures.fullLead()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("incompatible schema")
                    .hasMessageContaining("40901")
                    .hasMessageContaining("leads-enriched-value");
        }
    }

    private RestSchemaRegistryClient quickClient() {
        return new RestSchemaRegistryClient(
                RegistryClientConfig.from(Map.of(RegistryClientConfig.SCHEMA_REGISTRY_URL, server.url())),
                new RestSchemaRegistryClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(1),
                        new RegistryRetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)),
                        new Random(1), millis -> { }));
    }
}
