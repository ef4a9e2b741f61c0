package io.rotor.enricher.config;

import com.fasterxml.jackson.core.JsonPointer;
import io.rotor.enricher.config.TopologySettings.CacheBypass;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.Serde;

/** The value types of the settings table; each message names the problem and the fix. */
public final class ValueTypes {
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):\\d{1,5}$");
    private static final Pattern HEADER_NAME = Pattern.compile("^[\\x21-\\x7e]+$");
    private static final Pattern CLASS_NAME =
            Pattern.compile("^[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*$");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** Headers the output never carries: Confluent 8.x deserializers would read them before the payload. */
    private static final Set<String> SCHEMA_ID_HEADERS = Set.of("__key_schema_id", "__value_schema_id");
    /** Kafka's limit on topic names. */
    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    /** Longest suffix the service appends to the application id to name a topic. */
    private static final int LONGEST_TOPIC_SUFFIX = "-by-lead-id-repartition".length();

    private ValueTypes() {
    }

    public static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>("whole number " + range(min, max), v -> intValue(v, min, max));
    }

    /** Empty means none. */
    public static ValueType<OptionalInt> optionalInteger(int min, int max) {
        return new ValueType<>("whole number " + range(min, max) + ", or empty",
                v -> v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(intValue(v, min, max)));
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not a boolean; use true or false");
        });
    }

    public static ValueType<Duration> duration(Duration min, Duration max) {
        return new ValueType<>("duration " + Durations.format(min) + ".." + Durations.format(max), v -> {
            Duration d = Durations.parse(v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + Durations.format(min) + " and "
                        + Durations.format(max) + ", was " + v);
            }
            return d;
        });
    }

    public static ValueType<LocalTime> timeOfDay() {
        return new ValueType<>("time of day HH:mm", v -> {
            try {
                return LocalTime.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + v + "' is not a time of day; write it as HH:mm, e.g. 00:00 or 07:30");
            }
        });
    }

    public static ValueType<ZoneId> zone() {
        return new ValueType<>("time zone id (IANA, e.g. Europe/Berlin)", v -> {
            try {
                return ZoneId.of(v);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + v + "' is not a time zone; use an id like UTC or Europe/Berlin");
            }
        });
    }

    /** Never echoes the value: it is a credential. */
    public static ValueType<Secret> apiKey() {
        return new ValueType<>("text without whitespace (secret)", v -> {
            if (v.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("contains whitespace or control characters; set it to the key exactly as Rotor issued it");
            }
            return Secret.of(v);
        });
    }

    /** An absolute http(s) URL with no user info, query or fragment; whether http is allowed is a cross-check. */
    public static ValueType<URI> baseUrl(URI example) {
        return new ValueType<>("absolute http(s) URL without user info, query or fragment", v -> {
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + v + "' is not a URL; use e.g. " + example);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + v + "' is not an absolute http(s) URL; use e.g. " + example);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("'" + Redaction.stripUrlCredentials(v)
                        + "' has a query, fragment or user info; give only scheme, host, port and path");
            }
            return uri;
        });
    }

    public static ValueType<String> applicationId() {
        int longest = MAX_TOPIC_NAME_LENGTH - LONGEST_TOPIC_SUFFIX;
        return new ValueType<>("letters, digits, '.', '_', '-'; at most " + longest + " characters", v -> {
            if (v.isEmpty() || !v.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("'" + v + "' is not usable as a Kafka Streams application.id; "
                        + "use letters, digits, '.', '_' and '-' (it prefixes internal topic names)");
            }
            if (v.length() > longest) {
                throw new IllegalArgumentException("is " + v.length() + " characters; internal topic names would exceed "
                        + MAX_TOPIC_NAME_LENGTH + ", use at most " + longest);
            }
            return v;
        });
    }

    public static ValueType<String> topic() {
        return new ValueType<>("Kafka topic name", v -> {
            try {
                Topic.validate(v);
            } catch (InvalidTopicException e) {
                throw new IllegalArgumentException("'" + v + "' is not a valid topic name (" + e.getMessage() + ")");
            }
            return v;
        });
    }

    public static <E extends Enum<E>> ValueType<E> lowerCaseEnum(Class<E> type, String what) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String choices = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        return new ValueType<>(choices, v -> {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not a " + what + "; use " + choices);
            }
        });
    }

    /** Empty is accepted here (the lead id source decides whether one is required); {@code context} ends the hint. */
    public static ValueType<String> optionalJsonPointer(String context) {
        return new ValueType<>("JSON pointer, e.g. /lead_id", v -> {
            if (!v.isEmpty()) {
                jsonPointer(v, context);
            }
            return v;
        });
    }

    /** Empty is accepted here (the lead id source decides whether one is required). */
    public static ValueType<String> optionalHeaderName() {
        return new ValueType<>("header name (printable, no spaces)", v -> {
            if (!v.isEmpty() && !HEADER_NAME.matcher(v).matches()) {
                throw new IllegalArgumentException("'" + v + "' is not a header name; use printable characters without spaces");
            }
            return v;
        });
    }

    public static ValueType<List<String>> passHeaders() {
        return new ValueType<>("comma-separated header names, or empty; no rotor.* and no __*_schema_id", v -> {
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
        });
    }

    /** Any text; empty means none. */
    public static ValueType<String> optionalText() {
        return new ValueType<>("text, or empty", String::strip);
    }

    /** Comma-separated words (no commas inside), or empty for none. */
    public static ValueType<List<String>> wordList() {
        return new ValueType<>("comma-separated words, or empty", v -> {
            if (v.isBlank()) {
                return List.of();
            }
            List<String> words = Arrays.stream(v.split(",")).map(String::strip).toList();
            if (words.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("'" + v + "' has an empty entry; write words separated by single commas");
            }
            return List.copyOf(words);
        });
    }

    public static ValueType<Optional<CacheBypass>> cacheBypass() {
        return new ValueType<>("/json/pointer=value, or empty", v -> {
            if (v.isEmpty()) {
                return Optional.empty();
            }
            CacheBypass bypass = CacheBypass.parse(v);
            jsonPointer(bypass.pointer(), "");
            return Optional.of(bypass);
        });
    }

    /** {@code defaultClass} is named in the fix when the class is missing. */
    public static ValueType<String> serdeClass(String defaultClass) {
        return new ValueType<>("fully qualified class name of a Kafka Serde of Lead on the class path", v -> {
            if (!CLASS_NAME.matcher(v).matches()) {
                throw new IllegalArgumentException("'" + v + "' is not a class name; give the fully qualified name of a Serde class");
            }
            Class<?> type;
            try {
                type = Class.forName(v, false, ValueTypes.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("class " + v + " is not on the class path; add its jar, or remove the "
                        + "setting to use " + defaultClass);
            }
            if (!Serde.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(v + " is not a " + Serde.class.getName() + "; name a Serde of Lead");
            }
            return v;
        });
    }

    public static ValueType<String> bootstrapServers() {
        return new ValueType<>("comma-separated host:port list", v -> {
            List<String> servers = Arrays.stream(v.split(",")).map(String::strip).toList();
            if (v.isEmpty() || servers.stream().anyMatch(s -> !HOST_PORT.matcher(s).matches())) {
                throw new IllegalArgumentException("'" + v + "' is not a comma-separated host:port list; e.g. localhost:9092 or b1:9092,b2:9092");
            }
            return String.join(",", servers);
        });
    }

    public static ValueType<String> registryUrls() {
        return new ValueType<>("comma-separated http(s) URLs, or mock://<scope>", v -> {
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
        });
    }

    public static ValueType<String> logLevel() {
        return new ValueType<>("TRACE, DEBUG, INFO, WARN, ERROR (or OFF)", v -> {
            String level = v.toUpperCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                throw new IllegalArgumentException("'" + v + "' is not a log level; use one of TRACE, DEBUG, INFO, WARN, ERROR");
            }
            return level;
        });
    }

    static JsonPointer jsonPointer(String v, String context) {
        if (!v.startsWith("/")) {
            throw new IllegalArgumentException("'" + v + "' is not a JSON pointer; write it like /lead_id or /data/lead/id" + context);
        }
        try {
            return JsonPointer.compile(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + v + "' is not a JSON pointer (" + e.getMessage() + ")");
        }
    }

    private static int intValue(String v, int min, int max) {
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
}
