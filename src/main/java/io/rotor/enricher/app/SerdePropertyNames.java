package io.rotor.enricher.app;

import io.rotor.enricher.serde.AvroSerde;
import io.rotor.enricher.serde.AvroSerdeConfig;
import io.rotor.enricher.serde.registry.RegistryClientConfig;
import io.rotor.enricher.serde.registry.RegistryTls;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The configuration property names a value serde knows, so that {@code SCHEMA_REGISTRY_<NAME>} can become
 * {@code schema.registry.<name>} or {@code <name>}, whichever the serde reads.
 */
public final class SerdePropertyNames {
    /** What the project's own serde ({@link AvroSerde} and subclasses) reads. */
    static final Set<String> PROJECT_SERDE = Set.of(
            RegistryClientConfig.SCHEMA_REGISTRY_URL,
            RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            RegistryClientConfig.BASIC_AUTH_USER_INFO,
            RegistryTls.TRUSTSTORE_LOCATION,
            RegistryTls.TRUSTSTORE_PASSWORD,
            RegistryTls.TRUSTSTORE_TYPE,
            RegistryTls.KEYSTORE_LOCATION,
            RegistryTls.KEYSTORE_PASSWORD,
            RegistryTls.KEYSTORE_TYPE,
            RegistryTls.KEY_PASSWORD,
            RegistryTls.ENDPOINT_IDENTIFICATION_ALGORITHM,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            AvroSerdeConfig.USE_LATEST_VERSION,
            AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
            AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
            AvroSerdeConfig.SPECIFIC_AVRO_READER);

    /** Confluent's serdes define their properties here; read reflectively since its jars are optional. */
    private static final String CONFLUENT_CONFIG = "io.confluent.kafka.serializers.AbstractKafkaSchemaSerDeConfig";

    private SerdePropertyNames() {
    }

    /** The property names the serde class {@code serdeClass} reads. */
    public static Predicate<String> forSerde(String serdeClass) {
        ClassLoader loader = SerdePropertyNames.class.getClassLoader();
        try {
            Class<?> type = Class.forName(serdeClass, false, loader);
            if (AvroSerde.class.isAssignableFrom(type)) {
                return PROJECT_SERDE::contains;
            }
            Object def = Class.forName(CONFLUENT_CONFIG, true, loader).getMethod("baseConfigDef").invoke(null);
            Set<String> names = ((ConfigDef) def).names();
            return names::contains;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // Neither ours nor Confluent's: the project's names are Confluent's names, the best guess there is.
            return PROJECT_SERDE::contains;
        }
    }
}
