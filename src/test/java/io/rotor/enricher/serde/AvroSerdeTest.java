package io.rotor.enricher.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import io.rotor.enricher.serde.registry.InMemorySchemaRegistry;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final String TOPIC = "leads-enriched";

    private String scope;
    private LeadSerde serde;

    @BeforeEach
    void setUp() {
        scope = Fixtures.uniqueScope("avro-serde");
        serde = new LeadSerde();
        serde.configure(Fixtures.mockRegistryConfig(scope), false);
    }

    @AfterEach
    void tearDown() {
        serde.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void goldenBytesAreMagicByteIdAndAnIndependentlyEncodedBody() throws IOException {
        byte[] bytes = serde.serializer().serialize(TOPIC, Fixtures.fullLead());

        byte[] expectedBody = genericallyEncodedFullLead();
        byte[] expected = new byte[5 + expectedBody.length];
        expected[4] = 1; // 00 | 00 00 00 01: the first id of a fresh registry
        System.arraycopy(expectedBody, 0, expected, 5, expectedBody.length);
        assertThat(bytes).containsExactly(expected);
    }

    @Test
    void goldenBytesSpelledOutForALeadWithIdAndPriority() {
        Lead lead = Lead.newBuilder().setId("a").setPriority(Priority.high).build();

        byte[] bytes = serde.serializer().serialize(TOPIC, lead);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0x00, 0x00, 0x00, 0x00, 0x01}); // magic byte, schema id 1
        expected.writeBytes(new byte[] {0x02, 0x02, 0x61});             // id: union branch 1, length 1, "a"
        expected.writeBytes(new byte[11]);                              // archived .. phone: union branch 0 (null)
        expected.writeBytes(new byte[] {0x02, 0x04});                   // priority: branch 1, symbol 2 (high)
        expected.writeBytes(new byte[11]);                              // projected_value .. value_score: null
        assertThat(bytes).containsExactly(expected.toByteArray());
    }

    @Test
    void registersTheGeneratedClassSchemaStringUnchangedUnderTopicValue() {
        serde.serializer().serialize(TOPIC, Fixtures.fullLead());

        InMemorySchemaRegistry registry = MockSchemaRegistry.scope(scope);
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
        assertThat(registry.latest(TOPIC + "-value").schema()).isEqualTo(Lead.getClassSchema().toString());
    }

    @Test
    void specificRoundTrip() {
        Lead lead = Fixtures.fullLead();

        Lead back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, lead));

        assertThat(back).isEqualTo(lead);
        assertThat(back.getCreatedAt()).isEqualTo(Fixtures.FULL_LEAD_CREATED_AT);
    }

    @Test
    void genericRoundTripAndCrossReadingWithTheSpecificSerde() {
        try (AvroSerde<GenericRecord> generic = new AvroSerde<>()) {
            generic.configure(Fixtures.mockRegistryConfig(scope), false);
            GenericRecord record = new GenericData.Record(Lead.getClassSchema());
            record.put("id", "g-1");
            record.put("created_at", Fixtures.FULL_LEAD_CREATED_AT.toEpochMilli());
            record.put("priority", new GenericData.EnumSymbol(Priority.getClassSchema(), "medium"));
            record.put("tags", List.of("x"));

            byte[] bytes = generic.serializer().serialize(TOPIC, record);
            GenericRecord back = generic.deserializer().deserialize(TOPIC, bytes);
            Lead asLead = serde.deserializer().deserialize(TOPIC, bytes);

            assertThat(back).isEqualTo(record);
            assertThat(asLead.getId()).isEqualTo("g-1");
            assertThat(asLead.getCreatedAt()).isEqualTo(Fixtures.FULL_LEAD_CREATED_AT);
            assertThat(asLead.getPriority()).isEqualTo(Priority.medium);
            // Same schema string, so the generic and the specific writer share id 1.
            assertThat(bytes[4]).isEqualTo((byte) 1);
            GenericRecord fromSpecific = generic.deserializer()
                    .deserialize(TOPIC, serde.serializer().serialize(TOPIC, Fixtures.fullLead()));
            assertThat(fromSpecific.get("follow_up_date")).isEqualTo(Fixtures.FULL_LEAD_FOLLOW_UP.toEpochMilli());
        }
    }

    @Test
    void specificAvroReaderConfigReadsTheGeneratedClass() {
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        try (AvroDeserializer<Object> deserializer = new AvroDeserializer<>()) {
            deserializer.configure(config, false);

            Object read = deserializer.deserialize(TOPIC, serde.serializer().serialize(TOPIC, Fixtures.fullLead()));

            assertThat(read).isInstanceOf(Lead.class).isEqualTo(Fixtures.fullLead());
        }
    }

    @Test
    void tombstonesStayNullAndRegisterNothing() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(MockSchemaRegistry.scope(scope).subjects()).isEmpty();
    }

    @Test
    void unknownMagicByteIsAClearSerializationException() {
        byte[] bytes = serde.serializer().serialize(TOPIC, Fixtures.idOnlyLead("x"));
        bytes[0] = 0x01;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x01")
                .hasMessageContaining("expected 0x00");
    }

    @Test
    void tooShortPayloadsAndUnknownIdsAreSerializationExceptions() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 42, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("40403");
    }

    @Test
    void truncatedBodyIsASerializationException() {
        byte[] bytes = serde.serializer().serialize(TOPIC, Fixtures.fullLead());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 12);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 1");
    }

    @Test
    void keySideUsesTopicKeySubjectAndAcceptsConfluentsStrategyName() {
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, TopicNameStrategy.CONFLUENT_CLASS_NAME);
        try (LeadSerde keySerde = new LeadSerde()) {
            keySerde.configure(config, true);

            keySerde.serializer().serialize(TOPIC, Fixtures.idOnlyLead("k"));

            assertThat(MockSchemaRegistry.scope(scope).subjects()).containsExactly(TOPIC + "-key");
        }
    }

    @Test
    void otherSubjectStrategiesAreRejected() {
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        try (LeadSerde other = new LeadSerde()) {
            assertThatThrownBy(() -> other.configure(config, false))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("only TopicNameStrategy");
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsWithTheRegistryCode() {
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        try (LeadSerde lookupOnly = new LeadSerde()) {
            lookupOnly.configure(config, false);

            assertThatThrownBy(() -> lookupOnly.serializer().serialize(TOPIC, Fixtures.idOnlyLead("n")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("40401")
                    .hasMessageContaining("subject not found")
                    .hasMessageContaining(TOPIC + "-value");

            int id = MockSchemaRegistry.scope(scope).register(TOPIC + "-value", Lead.getClassSchema().toString());
            byte[] bytes = lookupOnly.serializer().serialize(TOPIC, Fixtures.idOnlyLead("n"));
            assertThat(bytes[4]).isEqualTo((byte) id);
        }
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaAndItsId() {
        InMemorySchemaRegistry registry = MockSchemaRegistry.scope(scope);
        registry.register("unrelated-value", SchemaBuilder.record("Other").fields().requiredInt("n").endRecord()
                .toString());
        // A newer Lead with one more defaulted field, registered by a newer producer.
        Schema newer = withExtraField(Lead.getClassSchema());
        int newerId = registry.register(TOPIC + "-value", newer.toString());
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
        try (LeadSerde latest = new LeadSerde(); AvroSerde<GenericRecord> generic = new AvroSerde<>()) {
            latest.configure(config, false);
            generic.configure(Fixtures.mockRegistryConfig(scope), false);

            byte[] bytes = latest.serializer().serialize(TOPIC, Fixtures.fullLead());

            assertThat(bytes[4]).isEqualTo((byte) newerId);
            GenericRecord read = generic.deserializer().deserialize(TOPIC, bytes);
            assertThat(read.get("region")).hasToString("none");
            assertThat(read.get("email")).hasToString("jo@example.com");
            assertThat(latest.deserializer().deserialize(TOPIC, bytes)).isEqualTo(Fixtures.fullLead());
        }
    }

    @Test
    void nonRecordsAreRefused() {
        try (AvroSerializer<Object> serializer = new AvroSerializer<>()) {
            serializer.configure(Fixtures.mockRegistryConfig(scope), false);

            assertThatThrownBy(() -> serializer.serialize(TOPIC, "plain string"))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.lang.String");
        }
    }

    private static Schema withExtraField(Schema lead) {
        String json = lead.toString();
        String extra = "{\"name\":\"region\",\"type\":\"string\",\"default\":\"none\"}";
        return new Schema.Parser().parse(json.substring(0, json.length() - 2) + "," + extra + "]}");
    }

    /** The full Lead's body written by Avro's generic writer from raw values, not by the code under test. */
    private static byte[] genericallyEncodedFullLead() throws IOException {
        Schema schema = Lead.getClassSchema();
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", "3f2b8c1e-1111-4a2b-9c3d-000000000001");
        record.put("archived", false);
        record.put("archived_at", Fixtures.FULL_LEAD_ARCHIVED_AT.toEpochMilli());
        record.put("assigned_to", "Dana");
        record.put("created_at", Fixtures.FULL_LEAD_CREATED_AT.toEpochMilli());
        record.put("email", "jo@example.com");
        record.put("follow_up_date", Fixtures.FULL_LEAD_FOLLOW_UP.toEpochMilli());
        record.put("lead_source", "web");
        record.put("location", List.of(40.7128, -74.006));
        record.put("name", "Jo Example");
        record.put("notes", "Prefers mornings");
        record.put("phone", "+1 555 0100");
        record.put("priority", new GenericData.EnumSymbol(Priority.getClassSchema(), "high"));
        record.put("projected_value", 12500.5);
        record.put("property_city", "Springfield");
        record.put("property_country", "US");
        record.put("property_state", "IL");
        record.put("property_street1", "1 Main St");
        record.put("property_street2", "Apt 2");
        record.put("property_zip", "62701");
        record.put("service_type", "roofing");
        record.put("stage", "new");
        record.put("tags", List.of("storm", "referral"));
        record.put("value_score", 0.87);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
