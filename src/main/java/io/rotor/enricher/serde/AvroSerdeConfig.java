package io.rotor.enricher.serde;

import io.rotor.enricher.serde.registry.RegistryClientConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde settings, under Confluent's key names and with Confluent's meanings. The registry connection
 * keys ({@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*}) are read by
 * {@link RegistryClientConfig} and {@link io.rotor.enricher.serde.registry.RegistryTls}.
 *
 * @param autoRegister     register the record's schema when serializing (else look it up, or use the latest)
 * @param useLatestVersion serialize with the subject's latest schema instead of the record's
 * @param subjectStrategy  the subject name strategy for this side (key or value)
 * @param specificReader   deserialize into generated SpecificRecord classes instead of GenericRecord
 */
public record AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, SubjectNameStrategy subjectStrategy,
                              boolean specificReader) {
    public static final String SCHEMA_REGISTRY_URL = RegistryClientConfig.SCHEMA_REGISTRY_URL;
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    /** Strategy class names that mean TopicNameStrategy: ours and Confluent's. */
    private static final Set<String> TOPIC_NAME_STRATEGY_NAMES =
            Set.of(TopicNameStrategy.class.getName(), TopicNameStrategy.CONFLUENT_CLASS_NAME);

    public static AvroSerdeConfig from(Map<String, ?> configs, boolean isKey) {
        return new AvroSerdeConfig(
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                strategy(configs, isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY),
                bool(configs, SPECIFIC_AVRO_READER, false));
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    /**
     * Only TopicNameStrategy is implemented; it is also the default here, whatever newer Confluent versions
     * default to, so the subject stays {@code <topic>-value}.
     */
    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return new TopicNameStrategy();
        }
        String name = value instanceof Class<?> type ? type.getName() : value.toString().trim();
        if (TOPIC_NAME_STRATEGY_NAMES.contains(name)) {
            return new TopicNameStrategy();
        }
        throw new ConfigException(key, value, "only TopicNameStrategy is supported (" + TopicNameStrategy.class.getName()
                + " or " + TopicNameStrategy.CONFLUENT_CLASS_NAME + ")");
    }
}
