package io.rotor.enricher.config;

import static io.rotor.enricher.config.ValueTypes.*;

import io.rotor.enricher.config.Setting.Group;
import io.rotor.enricher.config.TopologySettings.LeadIdSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every public setting, defined once: name, type and range, default, one-line doc, reference text, secrecy, and
 * the rules between settings. The loader's parsing and validation, {@code --help}, {@code --print-config},
 * {@link SettingValues#defaults()} and docs/CONFIGURATION.md are all derived from this table.
 */
public final class Settings {
    private static final List<Setting<?>> REGISTRY = new ArrayList<>();

    /** Prefix of Kafka client and Streams properties passed through (KAFKA_SASL_MECHANISM -> sasl.mechanism). */
    public static final String KAFKA_PREFIX = "KAFKA_";
    /** Prefix of serde / Schema Registry client properties passed through. */
    public static final String SCHEMA_REGISTRY_PREFIX = "SCHEMA_REGISTRY_";

    public static final URI DEFAULT_ROTOR_BASE_URL = URI.create("https://api.getrotor.com/open-api");
    /** The breaker's back-off doubles after each failed probe up to this ceiling. */
    public static final Duration BREAKER_BACKOFF_CEILING = Duration.ofMinutes(10);
    private static final String DEFAULT_VALUE_SERDE = "io.rotor.enricher.serde.LeadSerde";

    // --- the service -------------------------------------------------------------------------------------------
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = define("KAFKA_BOOTSTRAP_SERVERS", Group.SERVICE,
            bootstrapServers(), "localhost:9092",
            "Kafka brokers, comma-separated host:port list", "");
    public static final Setting<String> SCHEMA_REGISTRY_URL = define("SCHEMA_REGISTRY_URL", Group.SERVICE,
            registryUrls(), "http://localhost:8081",
            "Schema Registry base URL(s), comma-separated; mock://<scope> for an in-memory registry in one JVM", "");
    public static final Setting<String> ENRICHER_APPLICATION_ID = define("ENRICHER_APPLICATION_ID", Group.SERVICE,
            applicationId(), "rotor-lead-enricher",
            "Kafka Streams application.id: consumer group, and prefix of internal topics and of the quota-gate topic",
            "The quota-gate topic is `<id>-quota-gate`. Changing it starts a new application: new group, new stores.");
    public static final Setting<Integer> ENRICHER_HTTP_PORT = define("ENRICHER_HTTP_PORT", Group.SERVICE,
            integer(0, 65_535), "8080",
            "port of /health/live, /health/ready and /metrics (0 picks a free port)", "");
    public static final Setting<Boolean> ENRICHER_CREATE_TOPICS = define("ENRICHER_CREATE_TOPICS", Group.SERVICE,
            bool(), "true",
            "create the retry, DLQ and quota-gate topics at start-up when absent (never the input topic)",
            "With `false` the service checks that they exist and stops with the list of missing topics otherwise.");
    public static final Setting<String> ENRICHER_VALUE_SERDE = define("ENRICHER_VALUE_SERDE", Group.SERVICE,
            serdeClass(DEFAULT_VALUE_SERDE), DEFAULT_VALUE_SERDE,
            "class name of the output value serde (a Kafka Serde of Lead configured with the SCHEMA_REGISTRY_* settings)",
            "Confluent's `io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde` works when its jar is on the class path.");
    public static final Setting<String> ENRICHER_LOG_LEVEL = define("ENRICHER_LOG_LEVEL", Group.SERVICE,
            logLevel(), "INFO",
            "root log level: TRACE, DEBUG, INFO, WARN or ERROR", "");
    public static final Setting<LogFormat> ENRICHER_LOG_FORMAT = define("ENRICHER_LOG_FORMAT", Group.SERVICE,
            lowerCaseEnum(LogFormat.class, "log format"), "text",
            "log lines as text, or json: one JSON object per line",
            "JSON lines carry `timestamp` (epoch ms), `level`, `threadName`, `loggerName`, `mdc` (`task`, `lead` where a "
                    + "line is about one), `formattedMessage` and, with an exception, `throwable`.");

    // --- Rotor client ------------------------------------------------------------------------------------------
    public static final Setting<Secret> ROTOR_API_KEY = define(new Setting<>("ROTOR_API_KEY", Group.ROTOR, apiKey(), "",
            "Rotor API key with scope leads:read; required by run; never logged or printed",
            "Sent as `x-api-key`. Never in a log line, exception message, metric, header or `toString()`.", true));
    public static final Setting<URI> ROTOR_BASE_URL = define("ROTOR_BASE_URL", Group.ROTOR,
            baseUrl(DEFAULT_ROTOR_BASE_URL), DEFAULT_ROTOR_BASE_URL.toString(),
            "Rotor Open API base URL; /leads/{id} and /auth/test are appended to its path",
            "Paths are appended to its path (`https://h/open-api` + `leads/x` = `https://h/open-api/leads/x`), never "
                    + "resolved against the host root.");
    public static final Setting<Boolean> ROTOR_ALLOW_HTTP = define("ROTOR_ALLOW_HTTP", Group.ROTOR, bool(), "false",
            "accept an http:// ROTOR_BASE_URL (a local sandbox); a warning is logged at start-up",
            "Without it an `http://` URL is refused at start-up, because the key would travel unencrypted.");
    public static final Setting<Duration> ROTOR_CONNECT_TIMEOUT = define("ROTOR_CONNECT_TIMEOUT", Group.ROTOR,
            duration(Duration.ofMillis(1), Duration.ofMinutes(10)), "5s",
            "time to open a connection to Rotor", "TCP and TLS. Exceeding it is `TIMEOUT`.");
    public static final Setting<Duration> ROTOR_RESPONSE_TIMEOUT = define("ROTOR_RESPONSE_TIMEOUT", Group.ROTOR,
            duration(Duration.ofMillis(1), Duration.ofMinutes(10)), "30s",
            "time to wait for a response; past it the lookup is a TIMEOUT",
            "From writing the request to the complete response (also the longest silence on the socket), so a response "
                    + "trickling in byte by byte cannot hold a lookup. A request waits at most connect + response timeout "
                    + "for a pooled connection.");
    public static final Setting<Integer> ROTOR_MAX_CONNECTIONS = define("ROTOR_MAX_CONNECTIONS", Group.ROTOR,
            integer(1, 10_000), "64",
            "size of the HTTP connection pool to Rotor",
            "Total and per route. HTTP/1.1, one request per connection, so this bounds concurrent requests; further "
                    + "lookups queue without a thread each.");
    public static final Setting<Integer> ROTOR_DAILY_BUDGET = define("ROTOR_DAILY_BUDGET", Group.ROTOR,
            integer(1, Integer.MAX_VALUE), "1000",
            "the key's daily quota, for the calls-today metric and a warning at 90 %; only a 429 stops calls",
            "Informational (`rotor.client.calls.today`, `rotor.client.daily.budget`), because several instances share "
                    + "one key.");
    public static final Setting<java.time.LocalTime> ROTOR_QUOTA_RESET_TIME = define("ROTOR_QUOTA_RESET_TIME", Group.ROTOR,
            timeOfDay(), "00:00",
            "local time (HH:mm) at which Rotor resets the daily quota",
            "A 429 without a usable `Retry-After` or `RateLimit-Reset` closes the gate until the next such time.");
    public static final Setting<java.time.ZoneId> ROTOR_QUOTA_RESET_ZONE = define("ROTOR_QUOTA_RESET_ZONE", Group.ROTOR,
            zone(), "UTC",
            "time zone of ROTOR_QUOTA_RESET_TIME, e.g. UTC or Europe/Berlin", "");
    public static final Setting<Duration> ROTOR_AUTH_BACKOFF = define("ROTOR_AUTH_BACKOFF", Group.ROTOR,
            duration(Duration.ofSeconds(1), Duration.ofDays(1)), "5m",
            "how long the gate stays closed after an auth failure or an unexpected status",
            "`AUTH_FAILED` and `UNEXPECTED_STATUS` are configuration faults; when the back-off ends one call tries again.");
    public static final Setting<Integer> ROTOR_KEY_FAULT_LEADS = define("ROTOR_KEY_FAULT_LEADS", Group.ROTOR,
            integer(1, 1_000), "3",
            "distinct leads that must get the same unexpected status within ROTOR_AUTH_BACKOFF before it closes the gate",
            "An unexpected status (a 403 or 404 without Rotor's envelope, a 400, a redirect) seen for fewer leads is taken "
                    + "as about those leads: they are retried up to ENRICHER_MAX_ATTEMPTS, then dead-lettered as `REJECTED`. "
                    + "Seen for this many with no documented answer between them, it is a fault of the key, URL or proxy and "
                    + "closes the gate like a 401; after the back-off, one call that meets it again closes the gate again.");
    public static final Setting<Integer> ROTOR_BREAKER_FAILURES = define("ROTOR_BREAKER_FAILURES", Group.ROTOR,
            integer(1, 1_000), "5",
            "consecutive upstream failures that open the breaker",
            "`UPSTREAM_ERROR`, `TIMEOUT`, `NETWORK` or `BAD_RESPONSE`; any other answer resets the count.");
    public static final Setting<Duration> ROTOR_BREAKER_BACKOFF = define("ROTOR_BREAKER_BACKOFF", Group.ROTOR,
            duration(Duration.ofMillis(1), BREAKER_BACKOFF_CEILING), "30s",
            "first breaker back-off, doubling after each failed probe up to " + Durations.format(BREAKER_BACKOFF_CEILING),
            "The open breaker refuses calls for this long, then lets one probe through.");

    // --- topology ----------------------------------------------------------------------------------------------
    public static final Setting<String> ENRICHER_INPUT_TOPIC = define("ENRICHER_INPUT_TOPIC", Group.TOPOLOGY,
            topic(), "lead-events",
            "topic of the events carrying lead ids; must exist, never created by the service",
            "Keys and values of any shape.");
    public static final Setting<String> ENRICHER_OUTPUT_TOPIC = define("ENRICHER_OUTPUT_TOPIC", Group.TOPOLOGY,
            topic(), "leads-enriched",
            "topic the Avro Lead records are written to (subject <topic>-value)", "Key = lead id.");
    public static final Setting<String> ENRICHER_RETRY_TOPIC = define("ENRICHER_RETRY_TOPIC", Group.TOPOLOGY,
            topic(), "lead-events-retry",
            "topic where failed lookups wait; the service replays it itself", "");
    public static final Setting<String> ENRICHER_DLQ_TOPIC = define("ENRICHER_DLQ_TOPIC", Group.TOPOLOGY,
            topic(), "lead-events-dlq",
            "dead-letter topic: original event bytes with the reason in headers", "");
    public static final Setting<String> ENRICHER_REPLAY_TOPIC = define("ENRICHER_REPLAY_TOPIC", Group.TOPOLOGY,
            topic(), "lead-events-replay",
            "topic the replay command writes dead letters back to; ingest reads it beside the input topic",
            "Created like the retry topic, with the input topic's partition count.");
    public static final Setting<LeadIdSource> ENRICHER_LEAD_ID_SOURCE = define("ENRICHER_LEAD_ID_SOURCE", Group.TOPOLOGY,
            lowerCaseEnum(LeadIdSource.class, "lead id source"), "pointer",
            "where the lead id is read: pointer (JSON value), key or header",
            "Key and header are read as UTF-8.");
    public static final Setting<String> ENRICHER_LEAD_ID_POINTER = define("ENRICHER_LEAD_ID_POINTER", Group.TOPOLOGY,
            optionalJsonPointer(" with ENRICHER_LEAD_ID_SOURCE=pointer"), "/lead_id",
            "JSON pointer to the lead id in the event value, for source=pointer",
            "The node must be a JSON string.");
    public static final Setting<String> ENRICHER_LEAD_ID_HEADER = define("ENRICHER_LEAD_ID_HEADER", Group.TOPOLOGY,
            optionalHeaderName(), "lead_id",
            "header holding the lead id (UTF-8), for source=header", "");
    public static final Setting<Integer> ENRICHER_LEAD_ID_MAX_LENGTH = define("ENRICHER_LEAD_ID_MAX_LENGTH", Group.TOPOLOGY,
            integer(1, 4_096), "256",
            "longest lead id accepted; longer ids go to the DLQ as INVALID_EVENT", "");
    public static final Setting<Integer> ENRICHER_MAX_EVENT_BYTES = define("ENRICHER_MAX_EVENT_BYTES", Group.TOPOLOGY,
            integer(1_024, 64 * 1024 * 1024), "524288",
            "largest event accepted (bytes); larger ones go to the DLQ as EVENT_TOO_LARGE",
            "Key + value + headers. Every topic an event passes through gets `max.message.bytes` = this + 64 KiB, and "
                    + "the producer's `max.request.size` the same.");
    public static final Setting<java.util.OptionalInt> ENRICHER_PARTITIONS = define("ENRICHER_PARTITIONS", Group.TOPOLOGY,
            optionalInteger(1, 10_000), "",
            "partitions of the lead-id repartition and retry topics; empty: kept from the existing repartition topic, "
                    + "else the input topic's count at first start", "");
    public static final Setting<Integer> ENRICHER_MAX_IN_FLIGHT = define("ENRICHER_MAX_IN_FLIGHT", Group.TOPOLOGY,
            integer(1, 10_000), "64",
            "distinct leads looked up concurrently per instance (1..10000)",
            "Shared by all the instance's tasks; the rest wait as queued.");
    public static final Setting<Integer> ENRICHER_MAX_PENDING = define("ENRICHER_MAX_PENDING", Group.TOPOLOGY,
            integer(1, 10_000_000), "100000",
            "pending events per task past which consumption slows to the lookup rate",
            "A task is one partition of the lookup stage. Past it, `process()` first waits up to 50 ms for "
                    + "completions, so consumption slows to the drain rate.");
    public static final Setting<List<String>> ENRICHER_PASS_HEADERS = define("ENRICHER_PASS_HEADERS", Group.TOPOLOGY,
            passHeaders(), "traceparent,tracestate",
            "input headers copied to the output, comma-separated",
            "Also to retry and DLQ records. Never `rotor.*`, `__key_schema_id` or `__value_schema_id`.");
    public static final Setting<Duration> ENRICHER_CACHE_TTL = define("ENRICHER_CACHE_TTL", Group.TOPOLOGY,
            duration(Duration.ofSeconds(1), Duration.ofDays(365)), "1d",
            "how long a looked-up lead is served from the cache",
            "A hot lead costs one call per TTL: sustainable distinct leads ≈ ROTOR_DAILY_BUDGET × TTL ÷ 24h.");
    public static final Setting<Duration> ENRICHER_NOT_FOUND_TTL = define("ENRICHER_NOT_FOUND_TTL", Group.TOPOLOGY,
            duration(Duration.ZERO, Duration.ofDays(365)), "10m",
            "how long a NOT_FOUND answer is cached", "A NOT_FOUND retry and a replayed dead letter bypass it.");
    public static final Setting<Duration> ENRICHER_STALE_IF_ERROR = define("ENRICHER_STALE_IF_ERROR", Group.TOPOLOGY,
            duration(Duration.ZERO, Duration.ofDays(365)), "0",
            "how long after it expires a found lead may still be emitted while Rotor cannot answer; 0: never",
            "Stale-if-error (RFC 5861) extended to the quota: while the gate is closed (429 or key fault), the breaker "
                    + "is open, or the lead's refresh ended in UPSTREAM_ERROR, TIMEOUT, NETWORK or BAD_RESPONSE, its "
                    + "events get the expired copy at once, marked `rotor.stale: true`, instead of the retry topic. Off "
                    + "by default because it changes what downstream receives; `24h` suits pipelines that prefer flow to "
                    + "freshness. Found entries are kept this much longer in the cache store.");
    public static final Setting<Optional<TopologySettings.CacheBypass>> ENRICHER_CACHE_BYPASS = define("ENRICHER_CACHE_BYPASS",
            Group.TOPOLOGY, cacheBypass(), "",
            "events matching /json/pointer=value (e.g. /type=lead.updated) skip the cache; empty: none",
            "Such events always get a fresh lookup.");
    public static final Setting<Duration> ENRICHER_RATE_LIMIT_SPREAD = define("ENRICHER_RATE_LIMIT_SPREAD", Group.TOPOLOGY,
            duration(Duration.ZERO, Duration.ofDays(1)), "10m",
            "after a 429, parked events are released over this spread past the quota reset",
            "Uniformly over resumeAt .. resumeAt + this, also for refusals of the gate closed by a 429.");
    public static final Setting<Duration> ENRICHER_RETRY_BACKOFF_BASE = define("ENRICHER_RETRY_BACKOFF_BASE", Group.TOPOLOGY,
            duration(Duration.ofMillis(1), Duration.ofDays(1)), "2s",
            "first retry back-off for upstream errors, timeouts and network failures",
            "The first transient retry waits exactly this.");
    public static final Setting<Duration> ENRICHER_RETRY_BACKOFF_MAX = define("ENRICHER_RETRY_BACKOFF_MAX", Group.TOPOLOGY,
            duration(Duration.ofMillis(1), Duration.ofDays(1)), "30m",
            "largest retry back-off",
            "The n-th transient retry waits uniformly between the base and min(max, base × 2^(n−1)).");
    public static final Setting<Integer> ENRICHER_NOT_FOUND_RETRIES = define("ENRICHER_NOT_FOUND_RETRIES", Group.TOPOLOGY,
            integer(0, 100), "1",
            "lookups retried after NOT_FOUND before the event goes to the DLQ", "");
    public static final Setting<Duration> ENRICHER_NOT_FOUND_DELAY = define("ENRICHER_NOT_FOUND_DELAY", Group.TOPOLOGY,
            duration(Duration.ZERO, Duration.ofDays(7)), "1m",
            "wait before a NOT_FOUND retry", "");
    public static final Setting<Integer> ENRICHER_MAX_ATTEMPTS = define("ENRICHER_MAX_ATTEMPTS", Group.TOPOLOGY,
            integer(1, 1_000), "10",
            "lookup attempts (real HTTP calls) before RETRIES_EXHAUSTED",
            "Counts UPSTREAM_ERROR, TIMEOUT and NETWORK answers of one event.");
    public static final Setting<Duration> ENRICHER_MAX_RETRY_AGE = define("ENRICHER_MAX_RETRY_AGE", Group.TOPOLOGY,
            duration(Duration.ofMinutes(1), Duration.ofDays(365)), "7d",
            "age of an event's first failure past which it goes to the DLQ as RETRIES_EXHAUSTED",
            "The retry topic keeps records for twice this.");
    public static final Setting<Duration> ENRICHER_RETRY_POLL_INTERVAL = define("ENRICHER_RETRY_POLL_INTERVAL", Group.TOPOLOGY,
            duration(Duration.ofMillis(10), Duration.ofMinutes(1)), "1s",
            "how often parked retries are checked; a retry is released at most this late",
            "Parked retries are released within [not-before, not-before + this].");

    // --- the lead catalog --------------------------------------------------------------------------------------
    public static final Setting<Boolean> ENRICHER_CATALOG_SYNC = define("ENRICHER_CATALOG_SYNC", Group.CATALOG,
            bool(), "false",
            "keep the leads table ENRICHER_CATALOG_TOPIC and sync Rotor's catalog into it with list calls (1,000 leads each)",
            "Off by default: the table is a copy of the CRM's leads in Kafka, and the sync spends quota. On, the service "
                    + "creates the topic, writes each lead a lookup finds (a NOT_FOUND writes a tombstone), pages through "
                    + "`GET /leads` in one task of the fleet, and every lead arriving in the table updates the cache of the "
                    + "task that owns it and completes the events of that lead that wait.");
    public static final Setting<String> ENRICHER_CATALOG_TOPIC = define("ENRICHER_CATALOG_TOPIC", Group.CATALOG,
            topic(), "leads-catalog",
            "the leads table: compacted, key = lead id, value = Avro Lead (subject <topic>-value)",
            "Headers `rotor.fetched-at` and `rotor.source`. Created with the lead-id repartition topic's partition count "
                    + "and checked to have it at start-up: the table is co-partitioned with the lookup stage.");
    public static final Setting<Duration> ENRICHER_CATALOG_SYNC_INTERVAL = define("ENRICHER_CATALOG_SYNC_INTERVAL", Group.CATALOG,
            duration(Duration.ofSeconds(1), Duration.ofDays(365)), "12h",
            "a full sync starts this long after the last one started, and right after each quota reset",
            "At most half of ENRICHER_CACHE_TTL, so a sync held back by a spent quota for a whole interval still finds "
                    + "the leads of the one before fresh.");
    public static final Setting<Integer> ENRICHER_CATALOG_DAILY_SHARE = define("ENRICHER_CATALOG_DAILY_SHARE", Group.CATALOG,
            integer(1, 100), "20",
            "percent of ROTOR_DAILY_BUDGET the sync may spend per quota day, for the whole fleet",
            "Pages are newest first, so a sync the share stops covers the most recent leads; it starts again from the top "
                    + "after the reset.");
    public static final Setting<Boolean> ENRICHER_CATALOG_ARCHIVED = define("ENRICHER_CATALOG_ARCHIVED", Group.CATALOG,
            bool(), "false",
            "sync archived leads too (lookups by id find them either way)",
            "Rotor's reference does not say whether `archived=true` means archived only or all leads: the sync first "
                    + "lists with `archived=true` and, unless that listing held a lead that is not archived, lists the "
                    + "others too.");
    public static final Setting<String> ENRICHER_CATALOG_STAGE = define("ENRICHER_CATALOG_STAGE", Group.CATALOG,
            optionalText(), "",
            "sync only leads in this pipeline stage; empty: all", "Limits what is synced, not what is enriched.");
    public static final Setting<List<String>> ENRICHER_CATALOG_TAGS = define("ENRICHER_CATALOG_TAGS", Group.CATALOG,
            wordList(), "",
            "sync only leads with any of these tags, comma-separated; empty: all", "Limits what is synced, not what is enriched.");
    public static final Setting<Integer> ENRICHER_CATALOG_PAGE_MAX_BYTES = define("ENRICHER_CATALOG_PAGE_MAX_BYTES", Group.CATALOG,
            integer(64 * 1024, 1 << 30), "33554432",
            "largest list response body read (bytes); a larger page is asked again with half the limit",
            "A page of 1,000 real leads can be several MiB. A page over it is no breaker failure.");
    public static final Setting<Duration> ENRICHER_NEW_LEAD_WAIT = define("ENRICHER_NEW_LEAD_WAIT", Group.CATALOG,
            duration(Duration.ZERO, Duration.ofMinutes(10)), "10s",
            "a lead the cache has never seen waits up to this for a sweep of the newest leads before its GET /leads/{id}; 0s: no sweeps",
            "With ENRICHER_CATALOG_SYNC=true a miss is signalled to the syncer, which lists the newest leads (one call per "
                    + "1,000) instead of one call per new lead. A miss the sweep did not find goes by id at once; none waits "
                    + "longer than this.");
    public static final Setting<Duration> ENRICHER_SWEEP_MIN_INTERVAL = define("ENRICHER_SWEEP_MIN_INTERVAL", Group.CATALOG,
            duration(Duration.ofSeconds(1), Duration.ofHours(1)), "10s",
            "a sweep of the newest leads starts at most this often, for the whole fleet",
            "Sweeps count against ENRICHER_CATALOG_DAILY_SHARE; when it is spent, misses go by id.");
    public static final Setting<Duration> ENRICHER_SWEEP_BACKOFF = define("ENRICHER_SWEEP_BACKOFF", Group.CATALOG,
            duration(Duration.ofSeconds(1), Duration.ofDays(1)), "1h",
            "after a sweep that resolved fewer than 2 misses, sweeps pause this long and misses go by id",
            "So a stream of old or unknown ids costs no more than lookups by id would.");

    /** All settings in definition order: the order of {@code --help}, {@code --print-config} and the reference. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(new ArrayList<>(REGISTRY));

    /** The rules between settings, each checked once the settings it reads are valid. */
    public static final List<CrossCheck> CROSS_CHECKS = crossChecks();

    private static final Map<String, Setting<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Setting::name, s -> s, (a, b) -> {
                throw new IllegalStateException("setting defined twice: " + a.name());
            }, LinkedHashMap::new));

    private Settings() {
    }

    public static Optional<Setting<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<Setting<?>> inGroup(Group group) {
        return ALL.stream().filter(s -> s.group() == group).toList();
    }

    /** The rules whose problem is reported against {@code setting}. */
    public static List<CrossCheck> checksOf(Setting<?> setting) {
        return CROSS_CHECKS.stream().filter(c -> c.reported() == setting).toList();
    }

    private static List<CrossCheck> crossChecks() {
        List<CrossCheck> checks = new ArrayList<>();
        checks.add(new CrossCheck(ROTOR_BASE_URL, List.of(ROTOR_BASE_URL, ROTOR_ALLOW_HTTP),
                "an `http://` URL only with ROTOR_ALLOW_HTTP=true", v -> {
            URI url = v.get(ROTOR_BASE_URL);
            return "http".equalsIgnoreCase(url.getScheme()) && !v.get(ROTOR_ALLOW_HTTP)
                    ? Optional.of("'" + url + "' uses http; set " + ROTOR_ALLOW_HTTP.name()
                            + "=true for a local sandbox, or use https")
                    : Optional.empty();
        }));

        List<Setting<String>> topics = List.of(ENRICHER_INPUT_TOPIC, ENRICHER_OUTPUT_TOPIC, ENRICHER_RETRY_TOPIC, ENRICHER_DLQ_TOPIC,
                ENRICHER_REPLAY_TOPIC, ENRICHER_CATALOG_TOPIC);
        for (int j = 0; j < topics.size(); j++) {
            Setting<String> later = topics.get(j);
            for (Setting<String> earlier : topics.subList(0, j)) {
                checks.add(new CrossCheck(later, List.of(earlier, later), "differs from " + earlier.name(), v ->
                        v.get(earlier).equals(v.get(later))
                                ? Optional.of("'" + v.get(later) + "' is also " + earlier.name()
                                        + "; every topic of the service needs its own name")
                                : Optional.empty()));
            }
        }
        for (Setting<String> topic : topics) {
            checks.add(new CrossCheck(topic, List.of(topic, ENRICHER_APPLICATION_ID),
                    "does not start with ENRICHER_APPLICATION_ID + `-`", v -> {
                String appId = v.get(ENRICHER_APPLICATION_ID);
                return v.get(topic).startsWith(appId + "-")
                        ? Optional.of("'" + v.get(topic) + "' starts with the application id; topics named "
                                + appId + "-... belong to Kafka Streams and the quota gate, choose another name")
                        : Optional.empty();
            }));
        }

        checks.add(new CrossCheck(ENRICHER_LEAD_ID_POINTER, List.of(ENRICHER_LEAD_ID_POINTER, ENRICHER_LEAD_ID_SOURCE),
                "required when ENRICHER_LEAD_ID_SOURCE=pointer", v -> {
            if (v.get(ENRICHER_LEAD_ID_SOURCE) != LeadIdSource.POINTER || !v.get(ENRICHER_LEAD_ID_POINTER).isEmpty()) {
                return Optional.empty();
            }
            try {
                jsonPointer("", " with " + ENRICHER_LEAD_ID_SOURCE.name() + "=pointer");
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }));
        checks.add(new CrossCheck(ENRICHER_LEAD_ID_HEADER, List.of(ENRICHER_LEAD_ID_HEADER, ENRICHER_LEAD_ID_SOURCE),
                "required when ENRICHER_LEAD_ID_SOURCE=header", v ->
                v.get(ENRICHER_LEAD_ID_SOURCE) == LeadIdSource.HEADER && v.get(ENRICHER_LEAD_ID_HEADER).isEmpty()
                        ? Optional.of("required when " + ENRICHER_LEAD_ID_SOURCE.name()
                                + "=header; set it to the name of the header that holds the lead id")
                        : Optional.empty()));
        checks.add(new CrossCheck(ENRICHER_MAX_PENDING, List.of(ENRICHER_MAX_PENDING, ENRICHER_MAX_IN_FLIGHT),
                "at least ENRICHER_MAX_IN_FLIGHT", v -> {
            int pending = v.get(ENRICHER_MAX_PENDING);
            int inFlight = v.get(ENRICHER_MAX_IN_FLIGHT);
            return pending < inFlight
                    ? Optional.of(pending + " is below " + ENRICHER_MAX_IN_FLIGHT.name() + "=" + inFlight
                            + "; raise it to at least " + inFlight + " or lower " + ENRICHER_MAX_IN_FLIGHT.name())
                    : Optional.empty();
        }));
        checks.add(new CrossCheck(ENRICHER_CATALOG_SYNC_INTERVAL,
                List.of(ENRICHER_CATALOG_SYNC_INTERVAL, ENRICHER_CACHE_TTL, ENRICHER_CATALOG_SYNC),
                "at most half of ENRICHER_CACHE_TTL when ENRICHER_CATALOG_SYNC=true", v -> {
            Duration interval = v.get(ENRICHER_CATALOG_SYNC_INTERVAL);
            Duration ttl = v.get(ENRICHER_CACHE_TTL);
            return v.get(ENRICHER_CATALOG_SYNC) && interval.compareTo(ttl.dividedBy(2)) > 0
                    ? Optional.of(Durations.format(interval) + " is more than half of " + ENRICHER_CACHE_TTL.name() + "="
                            + Durations.format(ttl) + "; a sync held back for one interval would leave synced leads expired: "
                            + "set it to at most " + Durations.format(ttl.dividedBy(2)) + " or raise " + ENRICHER_CACHE_TTL.name())
                    : Optional.empty();
        }));
        checks.add(new CrossCheck(ENRICHER_RETRY_BACKOFF_BASE, List.of(ENRICHER_RETRY_BACKOFF_BASE, ENRICHER_RETRY_BACKOFF_MAX),
                "at most ENRICHER_RETRY_BACKOFF_MAX", v -> {
            Duration base = v.get(ENRICHER_RETRY_BACKOFF_BASE);
            Duration max = v.get(ENRICHER_RETRY_BACKOFF_MAX);
            return base.compareTo(max) > 0
                    ? Optional.of(Durations.format(base) + " is above " + ENRICHER_RETRY_BACKOFF_MAX.name()
                            + "=" + Durations.format(max) + "; the base back-off must not exceed the maximum")
                    : Optional.empty();
        }));
        return List.copyOf(checks);
    }

    private static <T> Setting<T> define(String name, Group group, ValueType<T> type, String defaultValue, String doc,
                                         String details) {
        return define(new Setting<>(name, group, type, defaultValue, doc, details, false));
    }

    private static <T> Setting<T> define(Setting<T> setting) {
        REGISTRY.add(setting);
        return setting;
    }
}
