package io.rotor.enricher.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole effective configuration of one process, typed and validated by {@link ConfigLoader}.
 *
 * @param rotor              the Rotor client's settings (ROTOR_*)
 * @param topology           the topology's settings (ENRICHER_* of the topology, ENRICHER_APPLICATION_ID)
 * @param bootstrapServers   KAFKA_BOOTSTRAP_SERVERS
 * @param schemaRegistryUrl  SCHEMA_REGISTRY_URL
 * @param httpPort           ENRICHER_HTTP_PORT
 * @param createTopics       ENRICHER_CREATE_TOPICS
 * @param valueSerde         ENRICHER_VALUE_SERDE: class name of the output value serde
 * @param logLevel           ENRICHER_LOG_LEVEL
 * @param logFormat          ENRICHER_LOG_FORMAT
 * @param kafkaProperties    other KAFKA_* settings, by Kafka property name (sasl.jaas.config, state.dir, ...)
 * @param registryProperties other SCHEMA_REGISTRY_* settings, by serde property name (basic.auth.user.info, ...)
 * @param entries            every effective value with where it came from, for {@code --print-config}
 */
public record EnricherConfig(
        RotorSettings rotor,
        TopologySettings topology,
        String bootstrapServers,
        String schemaRegistryUrl,
        int httpPort,
        boolean createTopics,
        String valueSerde,
        String logLevel,
        LogFormat logFormat,
        Map<String, String> kafkaProperties,
        Map<String, String> registryProperties,
        List<ConfigEntry> entries) {

    /** Serde configuration key of the registry URL. */
    public static final String SCHEMA_REGISTRY_URL_PROPERTY = "schema.registry.url";

    public EnricherConfig {
        Objects.requireNonNull(rotor, "rotor");
        Objects.requireNonNull(topology, "topology");
        kafkaProperties = Map.copyOf(kafkaProperties);
        registryProperties = Map.copyOf(registryProperties);
        entries = List.copyOf(entries);
    }

    /**
     * The configuration of a service another program starts in its own JVM (demo, bench, tests): typed settings
     * instead of parsed ones, the default value serde, topics created when absent, port 0 if a health server is
     * started. {@code kafkaProperties} are Kafka property names, as the {@code KAFKA_*} pass-through yields them.
     */
    public static EnricherConfig embedded(RotorSettings rotor, TopologySettings topology, String bootstrapServers,
                                          String schemaRegistryUrl, Map<String, String> kafkaProperties) {
        return new EnricherConfig(rotor, topology, bootstrapServers, schemaRegistryUrl, 0, true,
                Settings.ENRICHER_VALUE_SERDE.defaultValue(), Settings.ENRICHER_LOG_LEVEL.defaultValue(), LogFormat.TEXT,
                kafkaProperties, Map.of(), List.of());
    }

    /** Where an effective value came from; later sources override earlier ones. */
    public enum Source { DEFAULT, FILE, ENV, CLI }

    /**
     * One effective setting.
     *
     * @param name     the setting name as the user writes it (e.g. KAFKA_SASL_JAAS_CONFIG)
     * @param property the Kafka or serde property it becomes, or null for the service's own settings
     * @param value    the value; print it only through {@link #display()}
     * @param source   which layer set it
     * @param secret   whether the value must never be shown
     */
    public record ConfigEntry(String name, String property, String value, Source source, boolean secret) {
        /** The value as it may be printed: secrets masked, credentials inside URLs removed. */
        public String display() {
            if (secret) {
                return value.isEmpty() ? "<not set>" : "<redacted>";
            }
            return Redaction.stripUrlCredentials(value);
        }

        @Override
        public String toString() {
            return name + "=" + display() + " (" + source.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** The serde's configuration: the registry URL plus the SCHEMA_REGISTRY_* pass-through. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new LinkedHashMap<>(registryProperties);
        config.put(SCHEMA_REGISTRY_URL_PROPERTY, schemaRegistryUrl);
        return config;
    }

    /** The API key is required by run; check reports its absence as the Rotor verdict instead. */
    public void requireApiKey() {
        if (rotor.apiKey().isEmpty()) {
            throw new ConfigException(Settings.ROTOR_API_KEY.name()
                    + ": not set; set it in the environment or the --config file to a Rotor API key with scope leads:read"
                    + " (for a local trial, run the sandbox command and use its key)");
        }
    }

    @Override
    public String toString() {
        // Entries know how to hide secrets; records would print the maps raw.
        return "EnricherConfig" + entries;
    }
}
