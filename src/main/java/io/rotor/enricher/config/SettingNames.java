package io.rotor.enricher.config;

import io.rotor.enricher.config.Setting.Group;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every public setting, defined once: the loader, validation, {@code --print-config}, {@code --help} and the
 * README table all read this list. Defaults are taken from the settings records' {@code defaults()}, so a
 * default is written in exactly one place.
 */
public final class SettingNames {
    private static final List<Setting> REGISTRY = new ArrayList<>();
    private static final RotorSettings R = RotorSettings.defaults();
    private static final TopologySettings T = TopologySettings.defaults();

    /** Prefix of Kafka client and Streams properties passed through (KAFKA_SASL_MECHANISM -> sasl.mechanism). */
    public static final String KAFKA_PREFIX = "KAFKA_";
    /** Prefix of serde / Schema Registry client properties passed through. */
    public static final String SCHEMA_REGISTRY_PREFIX = "SCHEMA_REGISTRY_";

    // --- the service -------------------------------------------------------------------------------------------
    public static final Setting KAFKA_BOOTSTRAP_SERVERS = service("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
            "Kafka brokers, comma-separated host:port list");
    public static final Setting SCHEMA_REGISTRY_URL = service("SCHEMA_REGISTRY_URL", "http://localhost:8081",
            "Schema Registry base URL(s), comma-separated; mock://<scope> for an in-memory registry in one JVM");
    public static final Setting ENRICHER_APPLICATION_ID = service("ENRICHER_APPLICATION_ID", T.applicationId(),
            "Kafka Streams application.id: consumer group, and prefix of internal topics and of the quota-gate topic");
    public static final Setting ENRICHER_HTTP_PORT = service("ENRICHER_HTTP_PORT", "8080",
            "port of /health/live, /health/ready and /metrics (0 picks a free port)");
    public static final Setting ENRICHER_CREATE_TOPICS = service("ENRICHER_CREATE_TOPICS", "true",
            "create the retry, DLQ and quota-gate topics at start-up when absent (never the input topic)");
    public static final Setting ENRICHER_VALUE_SERDE = service("ENRICHER_VALUE_SERDE", "io.rotor.enricher.serde.LeadSerde",
            "class name of the output value serde (a Kafka Serde of Lead configured with the SCHEMA_REGISTRY_* settings)");
    public static final Setting ENRICHER_LOG_LEVEL = service("ENRICHER_LOG_LEVEL", "INFO",
            "root log level: TRACE, DEBUG, INFO, WARN or ERROR");

    // --- Rotor client (issue 3) --------------------------------------------------------------------------------
    public static final Setting ROTOR_API_KEY = define(new Setting("ROTOR_API_KEY", Group.ROTOR, "",
            "Rotor API key with scope leads:read; required by run; never logged or printed", true));
    public static final Setting ROTOR_BASE_URL = rotor("ROTOR_BASE_URL", R.baseUrl().toString(),
            "Rotor Open API base URL; /leads/{id} and /auth/test are appended to its path");
    public static final Setting ROTOR_ALLOW_HTTP = rotor("ROTOR_ALLOW_HTTP", Boolean.toString(R.allowHttp()),
            "accept an http:// ROTOR_BASE_URL (a local sandbox); a warning is logged at start-up");
    public static final Setting ROTOR_CONNECT_TIMEOUT = rotor("ROTOR_CONNECT_TIMEOUT", Durations.format(R.connectTimeout()),
            "time to open a connection to Rotor");
    public static final Setting ROTOR_RESPONSE_TIMEOUT = rotor("ROTOR_RESPONSE_TIMEOUT", Durations.format(R.responseTimeout()),
            "time to wait for a response; past it the lookup is a TIMEOUT");
    public static final Setting ROTOR_MAX_CONNECTIONS = rotor("ROTOR_MAX_CONNECTIONS", Integer.toString(R.maxConnections()),
            "size of the HTTP connection pool to Rotor");
    public static final Setting ROTOR_DAILY_BUDGET = rotor("ROTOR_DAILY_BUDGET", Integer.toString(R.dailyBudget()),
            "the key's daily quota, for the calls-today metric and a warning at 90 %; only a 429 stops calls");
    public static final Setting ROTOR_QUOTA_RESET_TIME = rotor("ROTOR_QUOTA_RESET_TIME", R.quotaResetTime().toString(),
            "local time (HH:mm) at which Rotor resets the daily quota");
    public static final Setting ROTOR_QUOTA_RESET_ZONE = rotor("ROTOR_QUOTA_RESET_ZONE", R.quotaResetZone().getId(),
            "time zone of ROTOR_QUOTA_RESET_TIME, e.g. UTC or Europe/Berlin");
    public static final Setting ROTOR_AUTH_BACKOFF = rotor("ROTOR_AUTH_BACKOFF", Durations.format(R.authBackoff()),
            "how long the gate stays closed after an auth failure or an unexpected status");
    public static final Setting ROTOR_BREAKER_FAILURES = rotor("ROTOR_BREAKER_FAILURES", Integer.toString(R.breakerFailures()),
            "consecutive upstream failures that open the breaker");
    public static final Setting ROTOR_BREAKER_BACKOFF = rotor("ROTOR_BREAKER_BACKOFF", Durations.format(R.breakerBackoff()),
            "first breaker back-off, doubling after each failed probe up to "
                    + Durations.format(RotorSettings.BREAKER_BACKOFF_CEILING));

    // --- topology (issues 4 and 5) -----------------------------------------------------------------------------
    public static final Setting ENRICHER_INPUT_TOPIC = topology("ENRICHER_INPUT_TOPIC", T.inputTopic(),
            "topic of the events carrying lead ids; must exist, never created by the service");
    public static final Setting ENRICHER_OUTPUT_TOPIC = topology("ENRICHER_OUTPUT_TOPIC", T.outputTopic(),
            "topic the Avro Lead records are written to (subject <topic>-value)");
    public static final Setting ENRICHER_RETRY_TOPIC = topology("ENRICHER_RETRY_TOPIC", T.retryTopic(),
            "topic where failed lookups wait; the service replays it itself");
    public static final Setting ENRICHER_DLQ_TOPIC = topology("ENRICHER_DLQ_TOPIC", T.dlqTopic(),
            "dead-letter topic: original event bytes with the reason in headers");
    public static final Setting ENRICHER_LEAD_ID_SOURCE = topology("ENRICHER_LEAD_ID_SOURCE",
            T.leadIdSource().name().toLowerCase(java.util.Locale.ROOT),
            "where the lead id is read: pointer (JSON value), key or header");
    public static final Setting ENRICHER_LEAD_ID_POINTER = topology("ENRICHER_LEAD_ID_POINTER", T.leadIdPointer(),
            "JSON pointer to the lead id in the event value, for source=pointer");
    public static final Setting ENRICHER_LEAD_ID_HEADER = topology("ENRICHER_LEAD_ID_HEADER", T.leadIdHeader(),
            "header holding the lead id (UTF-8), for source=header");
    public static final Setting ENRICHER_LEAD_ID_MAX_LENGTH = topology("ENRICHER_LEAD_ID_MAX_LENGTH", Integer.toString(T.leadIdMaxLength()),
            "longest lead id accepted; longer ids go to the DLQ as INVALID_EVENT");
    public static final Setting ENRICHER_MAX_EVENT_BYTES = topology("ENRICHER_MAX_EVENT_BYTES", Integer.toString(T.maxEventBytes()),
            "largest event accepted (bytes); larger ones go to the DLQ as INVALID_EVENT");
    public static final Setting ENRICHER_PARTITIONS = topology("ENRICHER_PARTITIONS", "",
            "partitions of the lead-id repartition and retry topics; empty: kept from the existing repartition topic, "
                    + "else the input topic's count at first start");
    public static final Setting ENRICHER_MAX_IN_FLIGHT = topology("ENRICHER_MAX_IN_FLIGHT", Integer.toString(T.maxInFlight()),
            "distinct leads looked up concurrently per instance (1..10000)");
    public static final Setting ENRICHER_MAX_PENDING = topology("ENRICHER_MAX_PENDING", Integer.toString(T.maxPending()),
            "pending events per instance past which consumption slows to the lookup rate");
    public static final Setting ENRICHER_PASS_HEADERS = topology("ENRICHER_PASS_HEADERS", String.join(",", T.passHeaders()),
            "input headers copied to the output, comma-separated");
    public static final Setting ENRICHER_CACHE_TTL = topology("ENRICHER_CACHE_TTL", Durations.format(T.cacheTtl()),
            "how long a looked-up lead is served from the cache");
    public static final Setting ENRICHER_NOT_FOUND_TTL = topology("ENRICHER_NOT_FOUND_TTL", Durations.format(T.notFoundTtl()),
            "how long a NOT_FOUND answer is cached");
    public static final Setting ENRICHER_CACHE_BYPASS = topology("ENRICHER_CACHE_BYPASS", "",
            "events matching /json/pointer=value (e.g. /type=lead.updated) skip the cache; empty: none");
    public static final Setting ENRICHER_RATE_LIMIT_SPREAD = topology("ENRICHER_RATE_LIMIT_SPREAD", Durations.format(T.rateLimitSpread()),
            "after a 429, parked events are released over this spread past the quota reset");
    public static final Setting ENRICHER_RETRY_BACKOFF_BASE = topology("ENRICHER_RETRY_BACKOFF_BASE", Durations.format(T.retryBackoffBase()),
            "first retry back-off for upstream errors, timeouts and network failures");
    public static final Setting ENRICHER_RETRY_BACKOFF_MAX = topology("ENRICHER_RETRY_BACKOFF_MAX", Durations.format(T.retryBackoffMax()),
            "largest retry back-off");
    public static final Setting ENRICHER_NOT_FOUND_RETRIES = topology("ENRICHER_NOT_FOUND_RETRIES", Integer.toString(T.notFoundRetries()),
            "lookups retried after NOT_FOUND before the event goes to the DLQ");
    public static final Setting ENRICHER_NOT_FOUND_DELAY = topology("ENRICHER_NOT_FOUND_DELAY", Durations.format(T.notFoundDelay()),
            "wait before a NOT_FOUND retry");
    public static final Setting ENRICHER_MAX_ATTEMPTS = topology("ENRICHER_MAX_ATTEMPTS", Integer.toString(T.maxAttempts()),
            "lookup attempts (real HTTP calls) before RETRIES_EXHAUSTED");
    public static final Setting ENRICHER_MAX_RETRY_AGE = topology("ENRICHER_MAX_RETRY_AGE", Durations.format(T.maxRetryAge()),
            "age of an event's first failure past which it goes to the DLQ as RETRIES_EXHAUSTED");
    public static final Setting ENRICHER_RETRY_POLL_INTERVAL = topology("ENRICHER_RETRY_POLL_INTERVAL", Durations.format(T.retryPollInterval()),
            "how often parked retries are checked; a retry is released at most this late");

    /** All settings in definition order. */
    public static final List<Setting> ALL = Collections.unmodifiableList(new ArrayList<>(REGISTRY));

    private static final Map<String, Setting> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Setting::name, s -> s, (a, b) -> {
                throw new IllegalStateException("setting defined twice: " + a.name());
            }, LinkedHashMap::new));

    private SettingNames() {
    }

    public static Optional<Setting> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<Setting> inGroup(Group group) {
        return ALL.stream().filter(s -> s.group() == group).toList();
    }

    private static Setting service(String name, String defaultValue, String doc) {
        return define(new Setting(name, Group.SERVICE, defaultValue, doc, false));
    }

    private static Setting rotor(String name, String defaultValue, String doc) {
        return define(new Setting(name, Group.ROTOR, defaultValue, doc, false));
    }

    private static Setting topology(String name, String defaultValue, String doc) {
        return define(new Setting(name, Group.TOPOLOGY, defaultValue, doc, false));
    }

    private static Setting define(Setting setting) {
        REGISTRY.add(setting);
        return setting;
    }
}
