package io.rotor.enricher.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which {@code KAFKA_<NAME>} settings are Kafka properties: the lower-cased, {@code _}->{@code .} form must be a
 * name Kafka's own config definitions know (Streams, producer, consumer, admin, topic), bare or behind one of
 * Streams' client prefixes. Anything else (Kubernetes' {@code KAFKA_PORT}, an image's {@code KAFKA_OPTS}) is not.
 */
public final class KafkaPropertyNames {
    private static final Set<String> CLIENT_NAMES = new HashSet<>();
    private static final Set<String> TOPIC_NAMES = topicConfigNames();
    private static final Map<String, Set<String>> PREFIXED;
    private static final List<ConfigDef> DEFS = List.of(StreamsConfig.configDef(), ProducerConfig.configDef(),
            ConsumerConfig.configDef(), AdminClientConfig.configDef());

    static {
        CLIENT_NAMES.addAll(StreamsConfig.configDef().names());
        CLIENT_NAMES.addAll(ProducerConfig.configNames());
        CLIENT_NAMES.addAll(ConsumerConfig.configNames());
        CLIENT_NAMES.addAll(AdminClientConfig.configNames());
        // Longest prefixes first, so main.consumer. is not read as consumer. + "main..."
        PREFIXED = new java.util.LinkedHashMap<>();
        PREFIXED.put(StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames());
        PREFIXED.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames());
        PREFIXED.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames());
        PREFIXED.put(StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames());
        PREFIXED.put(StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames());
        PREFIXED.put(StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());
        PREFIXED.put(StreamsConfig.TOPIC_PREFIX, TOPIC_NAMES);
    }

    private KafkaPropertyNames() {
    }

    /** {@code KAFKA_SASL_JAAS_CONFIG} -> {@code sasl.jaas.config}; empty when Kafka knows no such property. */
    public static Optional<String> propertyFor(String settingName) {
        if (!settingName.startsWith(Settings.KAFKA_PREFIX)) {
            return Optional.empty();
        }
        String property = dotted(settingName.substring(Settings.KAFKA_PREFIX.length()));
        return isKnown(property) ? Optional.of(property) : Optional.empty();
    }

    /** {@code BASIC_AUTH_USER_INFO} -> {@code basic.auth.user.info}. */
    public static String dotted(String upperSnake) {
        return upperSnake.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static boolean isKnown(String property) {
        if (CLIENT_NAMES.contains(property)) {
            return true;
        }
        for (Map.Entry<String, Set<String>> prefix : PREFIXED.entrySet()) {
            if (property.startsWith(prefix.getKey())) {
                return prefix.getValue().contains(property.substring(prefix.getKey().length()));
            }
        }
        return false;
    }

    /** True for properties Kafka types as PASSWORD (sasl.jaas.config, ssl.key.password, ...), also when prefixed. */
    public static boolean isPassword(String property) {
        String bare = property;
        for (String prefix : PREFIXED.keySet()) {
            if (property.startsWith(prefix)) {
                bare = property.substring(prefix.length());
                break;
            }
        }
        for (ConfigDef def : DEFS) {
            ConfigDef.ConfigKey key = def.configKeys().get(bare);
            if (key != null && key.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    /** Admin client properties among the pass-through ones: bare admin names, and admin.-prefixed ones (which win). */
    public static Map<String, String> adminProperties(Map<String, String> passthrough) {
        return clientProperties(passthrough, AdminClientConfig.configNames(), StreamsConfig.ADMIN_CLIENT_PREFIX);
    }

    /** Consumer properties among the pass-through ones: bare consumer names, and consumer.-prefixed ones (which win). */
    public static Map<String, String> consumerProperties(Map<String, String> passthrough) {
        return clientProperties(passthrough, ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX);
    }

    /** Producer properties among the pass-through ones: bare producer names, and producer.-prefixed ones (which win). */
    public static Map<String, String> producerProperties(Map<String, String> passthrough) {
        return clientProperties(passthrough, org.apache.kafka.clients.producer.ProducerConfig.configNames(),
                StreamsConfig.PRODUCER_PREFIX);
    }

    private static Map<String, String> clientProperties(Map<String, String> passthrough, Set<String> names, String prefix) {
        Map<String, String> client = new java.util.TreeMap<>();
        passthrough.forEach((k, v) -> {
            if (names.contains(k)) {
                client.put(k, v);
            }
        });
        passthrough.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                client.put(k.substring(prefix.length()), v);
            }
        });
        return client;
    }

    // TopicConfig lists topic-level property names as public String constants ending in _CONFIG.
    private static Set<String> topicConfigNames() {
        Set<String> names = new HashSet<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
