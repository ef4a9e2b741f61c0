package io.rotor.enricher.config;

import static io.rotor.enricher.config.Settings.*;

import com.fasterxml.jackson.core.JsonPointer;
import io.rotor.enricher.config.EnricherConfig.ConfigEntry;
import io.rotor.enricher.config.EnricherConfig.Source;
import io.rotor.enricher.config.Setting.Group;
import io.rotor.enricher.config.TopologySettings.CacheBypass;
import io.rotor.enricher.config.TopologySettings.LeadIdSource;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration from its layers, lowest first: the defaults of {@link Settings}, the
 * {@code --config} properties file, the environment, the command line ({@code --set NAME=VALUE} and the common
 * options). Every setting is parsed to its type and validated; all problems are collected and thrown together
 * as one {@link ConfigException} whose lines name the setting and the fix.
 *
 * <p>Values are trimmed. An empty value is a value: it means "none" for settings whose default is empty
 * (ENRICHER_PARTITIONS, ENRICHER_CACHE_BYPASS) and is an error for the others.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    // The process loads its configuration once, but tests and the demo load many times: log each name once.
    private static final Set<String> LOGGED_IGNORED = ConcurrentHashMap.newKeySet();

    private static final List<String> OWN_PREFIXES = List.of("ROTOR_", "ENRICHER_");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):\\d{1,5}$");
    private static final Pattern HEADER_NAME = Pattern.compile("^[\\x21-\\x7e]+$");
    private static final Pattern CLASS_NAME =
            Pattern.compile("^[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*$");
    /** Headers the output never carries: Confluent 8.x deserializers would read them before the payload. */
    private static final Set<String> SCHEMA_ID_HEADERS = Set.of("__key_schema_id", "__value_schema_id");
    /** Kafka's limit on topic names. */
    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    /** Longest suffix the service appends to the application id to name a topic. */
    private static final int LONGEST_TOPIC_SUFFIX = "-by-lead-id-repartition".length();

    private final Function<String, Predicate<String>> serdeProperties;

    /**
     * @param serdeProperties for a value serde class name, whether its configuration knows a property name;
     *                        decides whether {@code SCHEMA_REGISTRY_<NAME>} becomes {@code schema.registry.<name>}
     *                        or {@code <name>}
     */
    public ConfigLoader(Function<String, Predicate<String>> serdeProperties) {
        this.serdeProperties = serdeProperties;
    }

    /**
     * @param file the {@code --config} file, or null
     * @param env  the environment (tests pass a map, the CLI passes {@code System.getenv()})
     * @param cli  settings given on the command line, by setting name
     */
    public EnricherConfig load(Path file, Map<String, String> env, Map<String, String> cli) {
        Layers layers = new Layers();
        if (file != null) {
            layers.addExplicit(readFile(file, layers.problems), Source.FILE, "--config " + file);
        }
        layers.addEnvironment(env);
        layers.addExplicit(cli, Source.CLI, "the command line");
        return new Parser(layers).parse();
    }

    private static Map<String, String> readFile(Path file, List<String> problems) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            problems.add("--config: file " + file + " does not exist; give the path of a properties file of NAME=value lines");
        } catch (IOException | IllegalArgumentException e) {
            problems.add("--config: cannot read " + file + " (" + e.getMessage() + "); give a readable properties file of NAME=value lines");
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, props.getProperty(k)));
        return values;
    }

    /** The value of each name and the layer it came from. */
    private final class Layers {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Source> sources = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();

        Layers() {
            for (Setting<?> s : ALL) {
                values.put(s.name(), s.defaultValue());
                sources.put(s.name(), Source.DEFAULT);
            }
        }

        void put(String name, String value, Source source) {
            values.put(name, value.strip());
            sources.put(name, source);
        }

        /** The file and the command line: the user wrote these names, so an unknown one is a mistake. */
        void addExplicit(Map<String, String> given, Source source, String where) {
            given.forEach((name, value) -> {
                if (byName(name).isPresent() || name.startsWith(KAFKA_PREFIX) || name.startsWith(SCHEMA_REGISTRY_PREFIX)) {
                    put(name, value, source);
                } else if (name.contains(".") && !name.equals(name.toUpperCase(Locale.ROOT))) {
                    String asSetting = KAFKA_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
                    problems.add(where + ": '" + name + "' is not a setting name; write Kafka properties as "
                            + asSetting + " (settings are NAME=value with the names of the README table)");
                } else {
                    problems.add(where + ": unknown setting " + name + suggestion(name)
                            + "; see --help or the README table for the names");
                }
            });
        }

        /** The environment holds much else; only our prefixes are read, and a mistyped own name is warned about. */
        void addEnvironment(Map<String, String> env) {
            new TreeMap<>(env).forEach((name, value) -> {
                if (byName(name).isPresent() || name.startsWith(KAFKA_PREFIX) || name.startsWith(SCHEMA_REGISTRY_PREFIX)) {
                    put(name, value, Source.ENV);
                } else if (OWN_PREFIXES.stream().anyMatch(name::startsWith)) {
                    logIgnoredOnce(name, "not a setting of this service" + suggestion(name));
                }
            });
        }
    }

    private static String suggestion(String name) {
        String best = null;
        int bestDistance = 4;
        for (Setting<?> s : ALL) {
            int d = editDistance(name.toUpperCase(Locale.ROOT), s.name());
            if (d < bestDistance) {
                bestDistance = d;
                best = s.name();
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void logIgnoredOnce(String name, String why) {
        if (LOGGED_IGNORED.add(name)) {
            // The name only: the value may be a credential.
            LOG.warn("Ignoring {}: {}", name, why);
        }
    }

    /** Turns the merged layers into typed settings, collecting every problem. */
    private final class Parser {
        private final Layers layers;
        private final List<String> problems;
        private final Set<String> invalid = new HashSet<>();

        Parser(Layers layers) {
            this.layers = layers;
            this.problems = layers.problems;
        }

        EnricherConfig parse() {
            Map<String, Object> parsed = new LinkedHashMap<>();
            Map<Setting<?>, String> typeProblems = new LinkedHashMap<>();
            for (Setting<?> s : ALL) {
                String value = raw(s);
                try {
                    parsed.put(s.name(), s.type().parse(value));
                } catch (IllegalArgumentException e) {
                    typeProblems.put(s, message(s, value, e));
                    // The default stands in, so the other settings are still parsed and checked.
                    parsed.put(s.name(), SettingValues.defaults().get(s));
                }
            }
            for (Setting<?> s : problemOrder()) {
                if (typeProblems.containsKey(s)) {
                    fail(s, typeProblems.get(s));
                }
            }
            SettingValues values = SettingValues.of(parsed);
            for (CrossCheck check : CROSS_CHECKS) {
                if (check.reads().stream().noneMatch(s -> invalid.contains(s.name()))) {
                    check.rule().apply(values).ifPresent(problem -> fail(check.reported(), problem));
                }
            }

            List<ConfigEntry> entries = new ArrayList<>();
            for (Setting<?> s : ALL) {
                entries.add(new ConfigEntry(s.name(), null, raw(s), layers.sources.get(s.name()), s.secret()));
            }
            Map<String, String> kafka = new TreeMap<>();
            Map<String, String> registry = new TreeMap<>();
            String valueSerde = values.get(ENRICHER_VALUE_SERDE);
            passThrough(kafka, registry, entries, serdeProperties.apply(valueSerde));

            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new EnricherConfig(new RotorSettings(values), new TopologySettings(values),
                    values.get(KAFKA_BOOTSTRAP_SERVERS), values.get(SCHEMA_REGISTRY_URL), values.get(ENRICHER_HTTP_PORT),
                    values.get(ENRICHER_CREATE_TOPICS), valueSerde, values.get(ENRICHER_LOG_LEVEL), values.get(ENRICHER_LOG_FORMAT),
                    kafka, registry, entries);
        }

        /** A secret's value never reaches a message, whatever its type's parser wrote. */
        private String message(Setting<?> s, String value, IllegalArgumentException e) {
            String message = e.getMessage();
            if (s.secret() && (message == null || !value.isEmpty() && message.contains(value))) {
                return "is not valid; check the value you set (it is not shown here)";
            }
            return message;
        }

        /** KAFKA_* and SCHEMA_REGISTRY_* names that are not settings of their own become client/serde properties. */
        private void passThrough(Map<String, String> kafka, Map<String, String> registry, List<ConfigEntry> entries,
                                 Predicate<String> serdeKnows) {
            layers.values.forEach((name, value) -> {
                if (byName(name).isPresent()) {
                    return;
                }
                Source source = layers.sources.get(name);
                if (name.startsWith(KAFKA_PREFIX)) {
                    Optional<String> property = KafkaPropertyNames.propertyFor(name);
                    if (property.isEmpty()) {
                        logIgnoredOnce(name, "not a Kafka Streams, producer, consumer, admin or topic property");
                    } else if (property.get().equals(StreamsConfig.APPLICATION_ID_CONFIG)) {
                        problems.add(name + ": the application id is set by " + ENRICHER_APPLICATION_ID.name() + "; use that instead");
                    } else {
                        kafka.put(property.get(), value);
                        entries.add(new ConfigEntry(name, property.get(), value, source, Redaction.isSecretProperty(property.get())));
                    }
                } else if (name.startsWith(SCHEMA_REGISTRY_PREFIX)) {
                    String bare = KafkaPropertyNames.dotted(name.substring(SCHEMA_REGISTRY_PREFIX.length()));
                    String prefixed = "schema.registry." + bare;
                    String property = serdeKnows.test(prefixed) ? prefixed : serdeKnows.test(bare) ? bare : null;
                    if (property == null) {
                        logIgnoredOnce(name, "neither " + prefixed + " nor " + bare + " is a property of the value serde");
                    } else {
                        registry.put(property, value);
                        entries.add(new ConfigEntry(name, property, value, source, Redaction.isSecretProperty(property)));
                    }
                }
            });
        }

        private String raw(Setting<?> s) {
            return layers.values.get(s.name());
        }

        private void fail(Setting<?> s, String problem) {
            invalid.add(s.name());
            problems.add(s.name() + ": " + problem);
        }
    }

    /**
     * The order problems are listed in, which the 0.1 release set and the golden files pin: the Rotor client, the
     * topology, then the service's wiring; within each, first the settings other settings are checked against.
     */
    private static List<Setting<?>> problemOrder() {
        Set<Setting<?>> readByOthers = new HashSet<>();
        for (CrossCheck check : CROSS_CHECKS) {
            check.reads().stream().filter(s -> s != check.reported()).forEach(readByOthers::add);
        }
        List<Setting<?>> order = new ArrayList<>();
        for (Group group : List.of(Group.ROTOR, Group.TOPOLOGY, Group.SERVICE)) {
            inGroup(group).stream().filter(readByOthers::contains).forEach(order::add);
            inGroup(group).stream().filter(s -> !readByOthers.contains(s)).forEach(order::add);
        }
        return order;
    }
}
