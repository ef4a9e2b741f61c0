package io.rotor.enricher.config;

import static io.rotor.enricher.config.SettingNames.*;

import com.fasterxml.jackson.core.JsonPointer;
import io.rotor.enricher.config.EnricherConfig.ConfigEntry;
import io.rotor.enricher.config.EnricherConfig.Source;
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
 * Reads the configuration from its layers, lowest first: the defaults of {@link SettingNames}, the
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
            for (Setting s : ALL) {
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
        for (Setting s : ALL) {
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
            RotorSettings rotor = parseRotor();
            TopologySettings topology = parseTopology();

            String bootstrap = parse(KAFKA_BOOTSTRAP_SERVERS, this::bootstrapServers);
            String registryUrl = parse(SCHEMA_REGISTRY_URL, this::registryUrls);
            int httpPort = intIn(ENRICHER_HTTP_PORT, 0, 65_535);
            boolean createTopics = bool(ENRICHER_CREATE_TOPICS);
            String logLevel = parse(ENRICHER_LOG_LEVEL, v -> {
                String level = v.toUpperCase(Locale.ROOT);
                if (!LOG_LEVELS.contains(level)) {
                    throw new IllegalArgumentException("'" + v + "' is not a log level; use one of TRACE, DEBUG, INFO, WARN, ERROR");
                }
                return level;
            });

            String valueSerde = parse(ENRICHER_VALUE_SERDE, this::serdeClass);

            List<ConfigEntry> entries = new ArrayList<>();
            for (Setting s : ALL) {
                entries.add(new ConfigEntry(s.name(), null, raw(s), layers.sources.get(s.name()), s.secret()));
            }
            Map<String, String> kafka = new TreeMap<>();
            Map<String, String> registry = new TreeMap<>();
            passThrough(kafka, registry, entries, serdeProperties.apply(valueSerde));

            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new EnricherConfig(rotor, topology, bootstrap, registryUrl, httpPort, createTopics,
                    valueSerde, logLevel, kafka, registry, entries);
        }

        private RotorSettings parseRotor() {
            String key = raw(ROTOR_API_KEY);
            if (key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                // Never echo the value: it is a credential.
                fail(ROTOR_API_KEY, "contains whitespace or control characters; set it to the key exactly as Rotor issued it");
            }
            boolean allowHttp = bool(ROTOR_ALLOW_HTTP);
            URI baseUrl = parse(ROTOR_BASE_URL, v -> rotorBaseUrl(v, allowHttp));
            Duration breakerBackoff = duration(ROTOR_BREAKER_BACKOFF, Duration.ofMillis(1), RotorSettings.BREAKER_BACKOFF_CEILING);
            return RotorSettings.defaults().toBuilder()
                    .apiKey(Secret.of(key))
                    .baseUrl(baseUrl)
                    .allowHttp(allowHttp)
                    .connectTimeout(duration(ROTOR_CONNECT_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10)))
                    .responseTimeout(duration(ROTOR_RESPONSE_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10)))
                    .maxConnections(intIn(ROTOR_MAX_CONNECTIONS, 1, 10_000))
                    .dailyBudget(intIn(ROTOR_DAILY_BUDGET, 1, Integer.MAX_VALUE))
                    .quotaResetTime(parse(ROTOR_QUOTA_RESET_TIME, v -> {
                        try {
                            return LocalTime.parse(v);
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("'" + v + "' is not a time of day; write it as HH:mm, e.g. 00:00 or 07:30");
                        }
                    }))
                    .quotaResetZone(parse(ROTOR_QUOTA_RESET_ZONE, v -> {
                        try {
                            return ZoneId.of(v);
                        } catch (DateTimeException e) {
                            throw new IllegalArgumentException("'" + v + "' is not a time zone; use an id like UTC or Europe/Berlin");
                        }
                    }))
                    .authBackoff(duration(ROTOR_AUTH_BACKOFF, Duration.ofSeconds(1), Duration.ofDays(1)))
                    .breakerFailures(intIn(ROTOR_BREAKER_FAILURES, 1, 1_000))
                    .breakerBackoff(breakerBackoff)
                    .build();
        }

        private URI rotorBaseUrl(String v, boolean allowHttp) {
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + v + "' is not a URL; use e.g. " + RotorSettings.DEFAULT_BASE_URL);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + v + "' is not an absolute http(s) URL; use e.g. " + RotorSettings.DEFAULT_BASE_URL);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("'" + Redaction.stripUrlCredentials(v)
                        + "' has a query, fragment or user info; give only scheme, host, port and path");
            }
            if (scheme.equals("http") && !allowHttp) {
                throw new IllegalArgumentException("'" + v + "' uses http; set " + ROTOR_ALLOW_HTTP.name()
                        + "=true for a local sandbox, or use https");
            }
            return uri;
        }

        private TopologySettings parseTopology() {
            String applicationId = parse(ENRICHER_APPLICATION_ID, this::applicationId);
            String input = topic(ENRICHER_INPUT_TOPIC);
            String output = topic(ENRICHER_OUTPUT_TOPIC);
            String retry = topic(ENRICHER_RETRY_TOPIC);
            String dlq = topic(ENRICHER_DLQ_TOPIC);
            distinctTopics(List.of(ENRICHER_INPUT_TOPIC, ENRICHER_OUTPUT_TOPIC, ENRICHER_RETRY_TOPIC, ENRICHER_DLQ_TOPIC),
                    List.of(input, output, retry, dlq), applicationId);

            LeadIdSource source = parse(ENRICHER_LEAD_ID_SOURCE, v -> {
                try {
                    return LeadIdSource.valueOf(v.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a lead id source; use pointer, key or header");
                }
            });
            String pointer = raw(ENRICHER_LEAD_ID_POINTER);
            if (source == LeadIdSource.POINTER || !pointer.isEmpty()) {
                parse(ENRICHER_LEAD_ID_POINTER, v -> jsonPointer(v, " with " + ENRICHER_LEAD_ID_SOURCE.name() + "=pointer"));
            }
            String header = raw(ENRICHER_LEAD_ID_HEADER);
            if (source == LeadIdSource.HEADER && header.isEmpty()) {
                fail(ENRICHER_LEAD_ID_HEADER, "required when " + ENRICHER_LEAD_ID_SOURCE.name()
                        + "=header; set it to the name of the header that holds the lead id");
            } else if (!header.isEmpty() && !HEADER_NAME.matcher(header).matches()) {
                fail(ENRICHER_LEAD_ID_HEADER, "'" + header + "' is not a header name; use printable characters without spaces");
            }

            int maxInFlight = intIn(ENRICHER_MAX_IN_FLIGHT, 1, 10_000);
            int maxPending = intIn(ENRICHER_MAX_PENDING, 1, 10_000_000);
            if (valid(ENRICHER_MAX_IN_FLIGHT, ENRICHER_MAX_PENDING) && maxPending < maxInFlight) {
                fail(ENRICHER_MAX_PENDING, maxPending + " is below " + ENRICHER_MAX_IN_FLIGHT.name() + "=" + maxInFlight
                        + "; raise it to at least " + maxInFlight + " or lower " + ENRICHER_MAX_IN_FLIGHT.name());
            }
            Duration backoffBase = duration(ENRICHER_RETRY_BACKOFF_BASE, Duration.ofMillis(1), Duration.ofDays(1));
            Duration backoffMax = duration(ENRICHER_RETRY_BACKOFF_MAX, Duration.ofMillis(1), Duration.ofDays(1));
            if (valid(ENRICHER_RETRY_BACKOFF_BASE, ENRICHER_RETRY_BACKOFF_MAX) && backoffBase.compareTo(backoffMax) > 0) {
                fail(ENRICHER_RETRY_BACKOFF_BASE, Durations.format(backoffBase) + " is above " + ENRICHER_RETRY_BACKOFF_MAX.name()
                        + "=" + Durations.format(backoffMax) + "; the base back-off must not exceed the maximum");
            }

            return TopologySettings.defaults().toBuilder()
                    .applicationId(applicationId)
                    .inputTopic(input)
                    .outputTopic(output)
                    .retryTopic(retry)
                    .dlqTopic(dlq)
                    .leadIdSource(source)
                    .leadIdPointer(pointer)
                    .leadIdHeader(header)
                    .leadIdMaxLength(intIn(ENRICHER_LEAD_ID_MAX_LENGTH, 1, 4_096))
                    .maxEventBytes(intIn(ENRICHER_MAX_EVENT_BYTES, 1_024, 64 * 1024 * 1024))
                    .partitions(parse(ENRICHER_PARTITIONS, v -> v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(intValue(v, 1, 10_000))))
                    .maxInFlight(maxInFlight)
                    .maxPending(maxPending)
                    .passHeaders(parse(ENRICHER_PASS_HEADERS, this::passHeaders))
                    .cacheTtl(duration(ENRICHER_CACHE_TTL, Duration.ofSeconds(1), Duration.ofDays(365)))
                    .notFoundTtl(duration(ENRICHER_NOT_FOUND_TTL, Duration.ZERO, Duration.ofDays(365)))
                    .cacheBypass(parse(ENRICHER_CACHE_BYPASS, v -> {
                        if (v.isEmpty()) {
                            return Optional.<CacheBypass>empty();
                        }
                        CacheBypass bypass = CacheBypass.parse(v);
                        jsonPointer(bypass.pointer(), "");
                        return Optional.of(bypass);
                    }))
                    .rateLimitSpread(duration(ENRICHER_RATE_LIMIT_SPREAD, Duration.ZERO, Duration.ofDays(1)))
                    .retryBackoffBase(backoffBase)
                    .retryBackoffMax(backoffMax)
                    .notFoundRetries(intIn(ENRICHER_NOT_FOUND_RETRIES, 0, 100))
                    .notFoundDelay(duration(ENRICHER_NOT_FOUND_DELAY, Duration.ZERO, Duration.ofDays(7)))
                    .maxAttempts(intIn(ENRICHER_MAX_ATTEMPTS, 1, 1_000))
                    .maxRetryAge(duration(ENRICHER_MAX_RETRY_AGE, Duration.ofMinutes(1), Duration.ofDays(365)))
                    .retryPollInterval(duration(ENRICHER_RETRY_POLL_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1)))
                    .build();
        }

        private String applicationId(String v) {
            if (v.isEmpty() || !v.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("'" + v + "' is not usable as a Kafka Streams application.id; "
                        + "use letters, digits, '.', '_' and '-' (it prefixes internal topic names)");
            }
            if (v.length() + LONGEST_TOPIC_SUFFIX > MAX_TOPIC_NAME_LENGTH) {
                throw new IllegalArgumentException("is " + v.length() + " characters; internal topic names would exceed "
                        + MAX_TOPIC_NAME_LENGTH + ", use at most " + (MAX_TOPIC_NAME_LENGTH - LONGEST_TOPIC_SUFFIX));
            }
            return v;
        }

        private String topic(Setting setting) {
            return parse(setting, v -> {
                try {
                    Topic.validate(v);
                } catch (InvalidTopicException e) {
                    throw new IllegalArgumentException("'" + v + "' is not a valid topic name (" + e.getMessage() + ")");
                }
                return v;
            });
        }

        private void distinctTopics(List<Setting> settings, List<String> names, String applicationId) {
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    if (valid(settings.get(i), settings.get(j)) && names.get(i).equals(names.get(j))) {
                        fail(settings.get(j), "'" + names.get(j) + "' is also " + settings.get(i).name()
                                + "; every topic of the service needs its own name");
                    }
                }
                if (valid(settings.get(i), ENRICHER_APPLICATION_ID) && names.get(i).startsWith(applicationId + "-")) {
                    fail(settings.get(i), "'" + names.get(i) + "' starts with the application id; topics named "
                            + applicationId + "-... belong to Kafka Streams and the quota gate, choose another name");
                }
            }
        }

        private JsonPointer jsonPointer(String v, String context) {
            if (!v.startsWith("/")) {
                throw new IllegalArgumentException("'" + v + "' is not a JSON pointer; write it like /lead_id or /data/lead/id" + context);
            }
            try {
                return JsonPointer.compile(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not a JSON pointer (" + e.getMessage() + ")");
            }
        }

        private List<String> passHeaders(String v) {
            if (v.isEmpty()) {
                return List.of();
            }
            List<String> headers = Arrays.stream(v.split(",")).map(String::strip).toList();
            for (String h : headers) {
                if (h.isEmpty() || !HEADER_NAME.matcher(h).matches()) {
                    throw new IllegalArgumentException("'" + v + "' is not a comma-separated list of header names");
                }
                if (SCHEMA_ID_HEADERS.contains(h)) {
                    throw new IllegalArgumentException("must not name " + h
                            + ": deserializers read it before the payload, so it never passes; remove it");
                }
                if (h.startsWith("rotor.")) {
                    throw new IllegalArgumentException("must not name " + h + ": rotor.* headers are set by the service; remove it");
                }
            }
            return List.copyOf(headers);
        }

        private String serdeClass(String v) {
            if (!CLASS_NAME.matcher(v).matches()) {
                throw new IllegalArgumentException("'" + v + "' is not a class name; give the fully qualified name of a Serde class");
            }
            Class<?> type;
            try {
                type = Class.forName(v, false, ConfigLoader.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("class " + v + " is not on the class path; add its jar, or remove the "
                        + "setting to use " + ENRICHER_VALUE_SERDE.defaultValue());
            }
            if (!Serde.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(v + " is not a " + Serde.class.getName() + "; name a Serde of Lead");
            }
            return v;
        }

        private String bootstrapServers(String v) {
            List<String> servers = Arrays.stream(v.split(",")).map(String::strip).toList();
            if (v.isEmpty() || servers.stream().anyMatch(s -> !HOST_PORT.matcher(s).matches())) {
                throw new IllegalArgumentException("'" + v + "' is not a comma-separated host:port list; e.g. localhost:9092 or b1:9092,b2:9092");
            }
            return String.join(",", servers);
        }

        private String registryUrls(String v) {
            List<String> urls = Arrays.stream(v.split(",")).map(String::strip).toList();
            for (String url : urls) {
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    uri = null;
                }
                String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean ok = switch (scheme) {
                    case "http", "https" -> uri.getHost() != null;
                    case "mock" -> url.length() > "mock://".length();
                    default -> false;
                };
                if (!ok) {
                    throw new IllegalArgumentException("'" + Redaction.stripUrlCredentials(url)
                            + "' is not a registry URL; use http(s)://host:port, or mock://<scope> for an in-memory registry");
                }
            }
            return String.join(",", urls);
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

        // --- typed access ---------------------------------------------------------------------------------------

        private String raw(Setting s) {
            return layers.values.get(s.name());
        }

        private boolean valid(Setting... settings) {
            return Arrays.stream(settings).noneMatch(s -> invalid.contains(s.name()));
        }

        private void fail(Setting s, String problem) {
            invalid.add(s.name());
            problems.add(s.name() + ": " + problem);
        }

        /** Parses a setting; on failure records the problem and falls back to the default so parsing goes on. */
        private <T> T parse(Setting s, Function<String, T> parser) {
            String value = raw(s);
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                if (s.secret()) {
                    message = "is not valid; check the value you set (it is not shown here)";
                }
                fail(s, message);
                return parser.apply(s.defaultValue());
            }
        }

        private int intIn(Setting s, int min, int max) {
            return parse(s, v -> intValue(v, min, max));
        }

        private int intValue(String v, int min, int max) {
            int n;
            try {
                n = Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number; use " + range(min, max));
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be " + range(min, max) + ", was " + n);
            }
            return n;
        }

        private static String range(int min, int max) {
            return max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
        }

        private boolean bool(Setting s) {
            return parse(s, v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("'" + v + "' is not a boolean; use true or false");
            });
        }

        private Duration duration(Setting s, Duration min, Duration max) {
            return parse(s, v -> {
                Duration d = Durations.parse(v);
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new IllegalArgumentException("must be between " + Durations.format(min) + " and "
                            + Durations.format(max) + ", was " + v);
                }
                return d;
            });
        }
    }
}
