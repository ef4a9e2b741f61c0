package io.rotor.enricher.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.testkit.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeadSerdesTest {
    private final String scope = Fixtures.uniqueScope("lead-serdes");

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void theDefaultIsLeadSerdeOnTopicValue() {
        try (Serde<Lead> serde = LeadSerdes.valueSerde(null, Fixtures.mockRegistryConfig(scope))) {
            assertThat(serde).isInstanceOf(LeadSerde.class);
            byte[] bytes = serde.serializer().serialize("out", Fixtures.fullLead());

            assertThat(serde.deserializer().deserialize("out", bytes)).isEqualTo(Fixtures.fullLead());
            assertThat(MockSchemaRegistry.scope(scope).subjects()).containsExactly("out-value");
        }
        assertThat(LeadSerdes.DEFAULT_VALUE_SERDE).isEqualTo("io.rotor.enricher.serde.LeadSerde")
                .isEqualTo(Settings.ENRICHER_VALUE_SERDE.defaultValue());
    }

    @Test
    void anyNamedSerdeIsBuiltAndConfiguredWithTheStrategySetExplicitly() {
        try (Serde<Lead> serde = LeadSerdes.valueSerde(RecordingSerde.class.getName(),
                Fixtures.mockRegistryConfig(scope))) {
            RecordingSerde recording = (RecordingSerde) serde;

            assertThat(recording.isKey).isFalse();
            assertThat(recording.configs)
                    .containsEntry(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope)
                    .containsEntry(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicNameStrategy.CONFLUENT_CLASS_NAME)
                    .containsEntry(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        }
    }

    @Test
    void explicitSettingsWin() {
        Map<String, Object> config = new HashMap<>(Fixtures.mockRegistryConfig(scope));
        config.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicNameStrategy.class.getName());
        try (Serde<Lead> serde = LeadSerdes.valueSerde(RecordingSerde.class.getName(), config)) {
            assertThat(((RecordingSerde) serde).configs)
                    .containsEntry(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, TopicNameStrategy.class.getName());
        }
    }

    @Test
    void badClassNamesAreConfigErrorsNamingTheSetting() {
        assertThatThrownBy(() -> LeadSerdes.valueSerde(LeadSerdes.CONFLUENT_SPECIFIC_AVRO_SERDE,
                Fixtures.mockRegistryConfig(scope)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LeadSerdes.VALUE_SERDE_SETTING)
                .hasMessageContaining("no such class");
        assertThatThrownBy(() -> LeadSerdes.valueSerde(String.class.getName(), Fixtures.mockRegistryConfig(scope)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a org.apache.kafka.common.serialization.Serde");
    }

    /** A stand-in for a third-party serde (such as Confluent's) that records how it was configured. */
    public static final class RecordingSerde implements Serde<Lead> {
        Map<String, Object> configs;
        boolean isKey = true;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            this.configs = Map.copyOf(configs);
            this.isKey = isKey;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Serializer<Lead> serializer() {
            return (Serializer<Lead>) (Serializer<?>) Serdes.ByteArray().serializer();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Deserializer<Lead> deserializer() {
            return (Deserializer<Lead>) (Deserializer<?>) Serdes.ByteArray().deserializer();
        }
    }
}
