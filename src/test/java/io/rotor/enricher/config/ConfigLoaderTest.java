package io.rotor.enricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rotor.enricher.config.EnricherConfig.Source;
import io.rotor.enricher.config.TopologySettings.CacheBypass;
import io.rotor.enricher.config.TopologySettings.LeadIdSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class ConfigLoaderTest {
    private static final Set<String> SERDE_PROPERTIES = Set.of(
            "schema.registry.url", "basic.auth.user.info", "basic.auth.credentials.source",
            "schema.registry.ssl.truststore.location", "auto.register.schemas");

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(serdeClass -> SERDE_PROPERTIES::contains);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(ConfigLoader.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(ConfigLoader.class)).detachAppender(logs);
        logs.stop();
    }

    private EnricherConfig load(Map<String, String> env) {
        return loader.load(null, env, Map.of());
    }

    private List<String> problems(Map<String, String> env) {
        try {
            load(env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a configuration error for " + env.keySet());
    }

    @Test
    void defaultsAreTheRecordsDefaults() {
        EnricherConfig config = load(Map.of());

        assertThat(config.rotor()).isEqualTo(RotorSettings.defaults());
        assertThat(config.topology()).isEqualTo(TopologySettings.defaults());
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.createTopics()).isTrue();
        assertThat(config.logLevel()).isEqualTo("INFO");
        assertThat(config.kafkaProperties()).isEmpty();
        assertThat(config.entries()).allMatch(e -> e.source() == Source.DEFAULT);
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenCommandLine() throws IOException {
        Path file = dir.resolve("enricher.properties");
        Files.writeString(file, """
                ENRICHER_MAX_IN_FLIGHT=10
                ENRICHER_MAX_PENDING=2000
                ENRICHER_CACHE_TTL=2h
                ENRICHER_INPUT_TOPIC=from-file
                """);
        Map<String, String> env = Map.of("ENRICHER_CACHE_TTL", "3h", "ENRICHER_INPUT_TOPIC", "from-env");
        Map<String, String> cli = Map.of("ENRICHER_INPUT_TOPIC", "from-cli");

        EnricherConfig config = loader.load(file, env, cli);

        assertThat(config.topology().maxInFlight()).isEqualTo(10);
        assertThat(config.topology().maxPending()).isEqualTo(2000);
        assertThat(config.topology().cacheTtl()).isEqualTo(Duration.ofHours(3));
        assertThat(config.topology().inputTopic()).isEqualTo("from-cli");
        assertThat(config.topology().outputTopic()).isEqualTo("leads-enriched");
        assertThat(sourceOf(config, "ENRICHER_MAX_IN_FLIGHT")).isEqualTo(Source.FILE);
        assertThat(sourceOf(config, "ENRICHER_CACHE_TTL")).isEqualTo(Source.ENV);
        assertThat(sourceOf(config, "ENRICHER_INPUT_TOPIC")).isEqualTo(Source.CLI);
        assertThat(sourceOf(config, "ENRICHER_OUTPUT_TOPIC")).isEqualTo(Source.DEFAULT);
    }

    private static Source sourceOf(EnricherConfig config, String name) {
        return config.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().source();
    }

    @Test
    void everySettingIsParsedToItsType() {
        EnricherConfig config = load(Map.ofEntries(
                Map.entry("ROTOR_API_KEY", "  rk_live_abc  "),
                Map.entry("ROTOR_BASE_URL", "http://localhost:9999/open-api"),
                Map.entry("ROTOR_ALLOW_HTTP", "TRUE"),
                Map.entry("ROTOR_CONNECT_TIMEOUT", "500ms"),
                Map.entry("ROTOR_QUOTA_RESET_TIME", "07:30"),
                Map.entry("ROTOR_QUOTA_RESET_ZONE", "Europe/Berlin"),
                Map.entry("ROTOR_BREAKER_FAILURES", "3"),
                Map.entry("ENRICHER_LEAD_ID_SOURCE", "header"),
                Map.entry("ENRICHER_LEAD_ID_HEADER", "x-lead"),
                Map.entry("ENRICHER_PARTITIONS", "12"),
                Map.entry("ENRICHER_PASS_HEADERS", "traceparent, baggage"),
                Map.entry("ENRICHER_CACHE_BYPASS", "/type=lead.updated"),
                Map.entry("ENRICHER_MAX_RETRY_AGE", "2d"),
                Map.entry("ENRICHER_HTTP_PORT", "0"),
                Map.entry("ENRICHER_CREATE_TOPICS", "false"),
                Map.entry("ENRICHER_LOG_LEVEL", "debug"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "b1:9092, b2:9093"),
                Map.entry("SCHEMA_REGISTRY_URL", "mock://scope-1")));

        assertThat(config.rotor().apiKey().reveal()).isEqualTo("rk_live_abc");
        assertThat(config.rotor().baseUrl()).isEqualTo(URI.create("http://localhost:9999/open-api"));
        assertThat(config.rotor().allowHttp()).isTrue();
        assertThat(config.rotor().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.rotor().quotaResetTime()).isEqualTo(LocalTime.of(7, 30));
        assertThat(config.rotor().quotaResetZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.rotor().breakerFailures()).isEqualTo(3);
        assertThat(config.topology().leadIdSource()).isEqualTo(LeadIdSource.HEADER);
        assertThat(config.topology().leadIdHeader()).isEqualTo("x-lead");
        assertThat(config.topology().partitions()).isEqualTo(OptionalInt.of(12));
        assertThat(config.topology().passHeaders()).containsExactly("traceparent", "baggage");
        assertThat(config.topology().cacheBypass()).contains(new CacheBypass("/type", "lead.updated"));
        assertThat(config.topology().maxRetryAge()).isEqualTo(Duration.ofDays(2));
        assertThat(config.httpPort()).isZero();
        assertThat(config.createTopics()).isFalse();
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.bootstrapServers()).isEqualTo("b1:9092,b2:9093");
        assertThat(config.serdeConfig()).containsEntry("schema.registry.url", "mock://scope-1");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ROTOR_BASE_URL|http://x|ROTOR_BASE_URL: 'http://x' uses http; set ROTOR_ALLOW_HTTP=true for a local sandbox, or use https",
            "ROTOR_BASE_URL|ftp://x/y|ROTOR_BASE_URL: 'ftp://x/y' is not an absolute http(s) URL; use e.g. https://api.getrotor.com/open-api",
            "ROTOR_BASE_URL|https://api.getrotor.com/open-api?x=1|ROTOR_BASE_URL: 'https://api.getrotor.com/open-api?x=1' has a query, fragment or user info; give only scheme, host, port and path",
            "ROTOR_ALLOW_HTTP|yes|ROTOR_ALLOW_HTTP: 'yes' is not a boolean; use true or false",
            "ROTOR_CONNECT_TIMEOUT|5|ROTOR_CONNECT_TIMEOUT: '5' is not a duration; write it like 500ms, 30s, 5m, 1h or 7d",
            "ROTOR_RESPONSE_TIMEOUT|0s|ROTOR_RESPONSE_TIMEOUT: must be between 1ms and 10m, was 0s",
            "ROTOR_MAX_CONNECTIONS|many|ROTOR_MAX_CONNECTIONS: 'many' is not a whole number; use 1..10000",
            "ROTOR_DAILY_BUDGET|0|ROTOR_DAILY_BUDGET: must be at least 1, was 0",
            "ROTOR_QUOTA_RESET_TIME|25:00|ROTOR_QUOTA_RESET_TIME: '25:00' is not a time of day; write it as HH:mm, e.g. 00:00 or 07:30",
            "ROTOR_QUOTA_RESET_ZONE|Mars/Base|ROTOR_QUOTA_RESET_ZONE: 'Mars/Base' is not a time zone; use an id like UTC or Europe/Berlin",
            "ROTOR_BREAKER_BACKOFF|1h|ROTOR_BREAKER_BACKOFF: must be between 1ms and 10m, was 1h",
            "ENRICHER_MAX_IN_FLIGHT|0|ENRICHER_MAX_IN_FLIGHT: must be 1..10000, was 0",
            "ENRICHER_MAX_IN_FLIGHT|10001|ENRICHER_MAX_IN_FLIGHT: must be 1..10000, was 10001",
            "ENRICHER_PARTITIONS|0|ENRICHER_PARTITIONS: must be 1..10000, was 0",
            "ENRICHER_INPUT_TOPIC|bad topic|ENRICHER_INPUT_TOPIC: 'bad topic' is not a valid topic name (Topic name is invalid: 'bad topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-')",
            "ENRICHER_OUTPUT_TOPIC|lead-events|ENRICHER_OUTPUT_TOPIC: 'lead-events' is also ENRICHER_INPUT_TOPIC; every topic of the service needs its own name",
            "ENRICHER_DLQ_TOPIC|rotor-lead-enricher-dlq|ENRICHER_DLQ_TOPIC: 'rotor-lead-enricher-dlq' starts with the application id; topics named rotor-lead-enricher-... belong to Kafka Streams and the quota gate, choose another name",
            "ENRICHER_APPLICATION_ID|my app|ENRICHER_APPLICATION_ID: 'my app' is not usable as a Kafka Streams application.id; use letters, digits, '.', '_' and '-' (it prefixes internal topic names)",
            "ENRICHER_LEAD_ID_SOURCE|body|ENRICHER_LEAD_ID_SOURCE: 'body' is not a lead id source; use pointer, key or header",
            "ENRICHER_LEAD_ID_POINTER|lead_id|ENRICHER_LEAD_ID_POINTER: 'lead_id' is not a JSON pointer; write it like /lead_id or /data/lead/id with ENRICHER_LEAD_ID_SOURCE=pointer",
            "ENRICHER_MAX_EVENT_BYTES|100|ENRICHER_MAX_EVENT_BYTES: must be 1024..67108864, was 100",
            "ENRICHER_PASS_HEADERS|traceparent,__value_schema_id|ENRICHER_PASS_HEADERS: must not name __value_schema_id: deserializers read it before the payload, so it never passes; remove it",
            "ENRICHER_PASS_HEADERS|rotor.cache-hit|ENRICHER_PASS_HEADERS: must not name rotor.cache-hit: rotor.* headers are set by the service; remove it",
            "ENRICHER_CACHE_BYPASS|type=x|ENRICHER_CACHE_BYPASS: 'type=x' is not a bypass rule; write it as /json/pointer=value, e.g. /type=lead.updated",
            "ENRICHER_CACHE_TTL||ENRICHER_CACHE_TTL: '' is not a duration; write it like 500ms, 30s, 5m, 1h or 7d",
            "ENRICHER_RETRY_POLL_INTERVAL|5m|ENRICHER_RETRY_POLL_INTERVAL: must be between 10ms and 1m, was 5m",
            "ENRICHER_HTTP_PORT|70000|ENRICHER_HTTP_PORT: must be 0..65535, was 70000",
            "ENRICHER_CREATE_TOPICS|1|ENRICHER_CREATE_TOPICS: '1' is not a boolean; use true or false",
            "ENRICHER_VALUE_SERDE|not a class|ENRICHER_VALUE_SERDE: 'not a class' is not a class name; give the fully qualified name of a Serde class",
            "ENRICHER_VALUE_SERDE|com.example.NoSuchSerde|ENRICHER_VALUE_SERDE: class com.example.NoSuchSerde is not on the class path; add its jar, or remove the setting to use io.rotor.enricher.serde.LeadSerde",
            "ENRICHER_VALUE_SERDE|java.lang.String|ENRICHER_VALUE_SERDE: java.lang.String is not a org.apache.kafka.common.serialization.Serde; name a Serde of Lead",
            "ENRICHER_LOG_LEVEL|LOUD|ENRICHER_LOG_LEVEL: 'LOUD' is not a log level; use one of TRACE, DEBUG, INFO, WARN, ERROR",
            "KAFKA_BOOTSTRAP_SERVERS|localhost|KAFKA_BOOTSTRAP_SERVERS: 'localhost' is not a comma-separated host:port list; e.g. localhost:9092 or b1:9092,b2:9092",
            "SCHEMA_REGISTRY_URL|registry:8081|SCHEMA_REGISTRY_URL: 'registry:8081' is not a registry URL; use http(s)://host:port, or mock://<scope> for an in-memory registry",
            "KAFKA_APPLICATION_ID|other|KAFKA_APPLICATION_ID: the application id is set by ENRICHER_APPLICATION_ID; use that instead",
    })
    void eachInvalidValueIsReportedWithTheSettingAndTheFix(String name, String value, String expected) {
        assertThat(problems(Map.of(name, value == null ? "" : value))).containsExactly(expected);
    }

    @Test
    void crossSettingRules() {
        assertThat(problems(Map.of("ENRICHER_CATALOG_SYNC", "true", "ENRICHER_CATALOG_SYNC_INTERVAL", "13h")))
                .containsExactly("ENRICHER_CATALOG_SYNC_INTERVAL: 13h is more than half of ENRICHER_CACHE_TTL=1d; a sync held "
                        + "back for one interval would leave synced leads expired: set it to at most 12h or raise ENRICHER_CACHE_TTL");
        assertThat(load(Map.of("ENRICHER_CATALOG_SYNC", "false", "ENRICHER_CATALOG_SYNC_INTERVAL", "13h"))
                .topology().catalogSyncInterval()).as("checked only with the sync on").isEqualTo(java.time.Duration.ofHours(13));
        assertThat(problems(Map.of("ENRICHER_CATALOG_TOPIC", "leads-enriched")))
                .containsExactly("ENRICHER_CATALOG_TOPIC: 'leads-enriched' is also ENRICHER_OUTPUT_TOPIC; every topic of the service needs its own name");
        assertThat(problems(Map.of("ENRICHER_RETRY_BACKOFF_BASE", "1h", "ENRICHER_RETRY_BACKOFF_MAX", "30m")))
                .containsExactly("ENRICHER_RETRY_BACKOFF_BASE: 1h is above ENRICHER_RETRY_BACKOFF_MAX=30m; the base back-off must not exceed the maximum");
        assertThat(problems(Map.of("ENRICHER_LEAD_ID_SOURCE", "header", "ENRICHER_LEAD_ID_HEADER", "")))
                .containsExactly("ENRICHER_LEAD_ID_HEADER: required when ENRICHER_LEAD_ID_SOURCE=header; set it to the name of the header that holds the lead id");
        assertThat(problems(Map.of("ENRICHER_MAX_IN_FLIGHT", "500", "ENRICHER_MAX_PENDING", "100")))
                .containsExactly("ENRICHER_MAX_PENDING: 100 is below ENRICHER_MAX_IN_FLIGHT=500; raise it to at least 500 or lower ENRICHER_MAX_IN_FLIGHT");
        // With the id taken from the key, the pointer is not needed.
        assertThat(load(Map.of("ENRICHER_LEAD_ID_SOURCE", "key", "ENRICHER_LEAD_ID_POINTER", "")).topology().leadIdSource())
                .isEqualTo(LeadIdSource.KEY);
    }

    @Test
    void allProblemsAreReportedTogether() {
        assertThatThrownBy(() -> load(Map.of(
                "ENRICHER_MAX_IN_FLIGHT", "0",
                "ROTOR_BASE_URL", "http://x",
                "ENRICHER_CACHE_TTL", "forever")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("3 configuration problems:")
                .hasMessageContaining("ENRICHER_MAX_IN_FLIGHT")
                .hasMessageContaining("ROTOR_BASE_URL")
                .hasMessageContaining("ENRICHER_CACHE_TTL");
    }

    @Test
    void aBadApiKeyIsReportedWithoutItsValue() {
        List<String> problems = problems(Map.of("ROTOR_API_KEY", "rk_live_sec ret"));

        assertThat(problems).containsExactly(
                "ROTOR_API_KEY: contains whitespace or control characters; set it to the key exactly as Rotor issued it");
        assertThat(String.join("\n", problems)).doesNotContain("rk_live_sec");
    }

    @Test
    void theApiKeyIsRequiredOnlyWhenAskedFor() {
        EnricherConfig config = load(Map.of());

        assertThatThrownBy(config::requireApiKey)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROTOR_API_KEY: not set; set it in the environment or the --config file");
        load(Map.of("ROTOR_API_KEY", "rk_1")).requireApiKey();
    }

    @Test
    void unknownNamesWrittenByTheUserAreErrors() throws IOException {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "sasl.mechanism=PLAIN\nENRICHER_MAX_INFLIGHT=3\n");

        assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of("ROTOR_APIKEY", "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "--config " + file + ": 'sasl.mechanism' is not a setting name; write Kafka properties as "
                                + "KAFKA_SASL_MECHANISM (settings are NAME=value with the names of the README table)",
                        "--config " + file + ": unknown setting ENRICHER_MAX_INFLIGHT (did you mean ENRICHER_MAX_IN_FLIGHT?);"
                                + " see --help or the README table for the names",
                        "the command line: unknown setting ROTOR_APIKEY (did you mean ROTOR_API_KEY?); see --help or the README table for the names"));
    }

    @Test
    void aMissingConfigFileIsAConfigurationError() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> loader.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--config: file " + missing + " does not exist; give the path of a properties file of NAME=value lines");
    }

    @Test
    void kafkaPropertiesPassThroughUnderTheirKafkaNames() {
        EnricherConfig config = load(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";",
                "KAFKA_STATE_DIR", "/var/lib/enricher",
                "KAFKA_PRODUCER_LINGER_MS", "20",
                "KAFKA_MAIN_CONSUMER_MAX_POLL_RECORDS", "200",
                "KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "2",
                "KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "9000"));

        assertThat(config.kafkaProperties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"),
                Map.entry("state.dir", "/var/lib/enricher"),
                Map.entry("producer.linger.ms", "20"),
                Map.entry("main.consumer.max.poll.records", "200"),
                Map.entry("topic.min.insync.replicas", "2"),
                Map.entry("admin.request.timeout.ms", "9000"));
        assertThat(KafkaPropertyNames.adminProperties(config.kafkaProperties())).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"),
                Map.entry("request.timeout.ms", "9000"));
    }

    @Test
    void unknownKafkaNamesAreIgnoredAndLoggedOnceByNameOnly() {
        Map<String, String> env = Map.of(
                "KAFKA_PORT", "tcp://10.0.0.7:9092",
                "KAFKA_OPTS", "-Dsecret=hunter2",
                "KAFKA_PRODUCER_NO_SUCH_THING", "1",
                "ENRICHER_MAX_INFLIGHT", "3",
                "PATH", "/usr/bin");

        EnricherConfig first = load(env);
        load(env);

        assertThat(first.kafkaProperties()).isEmpty();
        assertThat(first.entries()).noneMatch(e -> e.name().equals("KAFKA_PORT") || e.name().equals("PATH"));
        List<String> messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).containsExactlyInAnyOrder(
                "Ignoring ENRICHER_MAX_INFLIGHT: not a setting of this service (did you mean ENRICHER_MAX_IN_FLIGHT?)",
                "Ignoring KAFKA_OPTS: not a Kafka Streams, producer, consumer, admin or topic property",
                "Ignoring KAFKA_PORT: not a Kafka Streams, producer, consumer, admin or topic property",
                "Ignoring KAFKA_PRODUCER_NO_SUCH_THING: not a Kafka Streams, producer, consumer, admin or topic property");
        assertThat(String.join("\n", messages)).doesNotContain("hunter2").doesNotContain("10.0.0.7");
    }

    @Test
    void schemaRegistrySettingsBecomeWhicheverPropertyTheSerdeKnows() {
        EnricherConfig config = load(Map.of(
                "SCHEMA_REGISTRY_URL", "https://registry.example:8081",
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "user:pw",
                "SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
                "SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/ts.jks",
                "SCHEMA_REGISTRY_NOT_A_THING", "x"));

        assertThat(config.serdeConfig()).containsOnly(
                Map.entry("schema.registry.url", "https://registry.example:8081"),
                Map.entry("basic.auth.user.info", "user:pw"),
                Map.entry("basic.auth.credentials.source", "USER_INFO"),
                Map.entry("schema.registry.ssl.truststore.location", "/etc/ts.jks"));
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Ignoring SCHEMA_REGISTRY_NOT_A_THING: neither schema.registry.not.a.thing nor not.a.thing is a property of the value serde");
    }

    @Test
    void printConfigRedactsEverySecret() {
        EnricherConfig config = load(Map.of(
                "ROTOR_API_KEY", "rk_live_TOPSECRET",
                "KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"jaaspw\";",
                "KAFKA_SSL_KEY_PASSWORD", "keypw",
                "SCHEMA_REGISTRY_URL", "https://reguser:regpw@registry.example:8081",
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "user:infopw",
                "KAFKA_SASL_MECHANISM", "PLAIN"));
        StringWriter out = new StringWriter();

        ConfigPrinter.print(config, new PrintWriter(out));

        String printed = out.toString();
        assertThat(printed)
                .doesNotContain("TOPSECRET").doesNotContain("jaaspw").doesNotContain("keypw")
                .doesNotContain("regpw").doesNotContain("reguser").doesNotContain("infopw")
                .contains("# ROTOR_API_KEY=<redacted>    # env, secret: not shown")
                .contains("# KAFKA_SASL_JAAS_CONFIG=<redacted>    # env, becomes sasl.jaas.config, secret: not shown")
                .contains("# SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO=<redacted>    # env, becomes basic.auth.user.info, secret: not shown")
                .contains("SCHEMA_REGISTRY_URL=https://<redacted>@registry.example:8081    # env")
                .contains("KAFKA_SASL_MECHANISM=PLAIN    # env, becomes sasl.mechanism")
                .contains("ENRICHER_MAX_IN_FLIGHT=64    # default");
        assertThat(config.toString()).doesNotContain("TOPSECRET").doesNotContain("jaaspw");
    }

    @Test
    void anUnsetKeyIsShownAsNotSet() {
        StringWriter out = new StringWriter();

        ConfigPrinter.print(load(Map.of()), new PrintWriter(out));

        assertThat(out.toString()).contains("# ROTOR_API_KEY=<not set>    # default, secret: not shown");
    }

    @Test
    void everySettingHasADocLineAndAUniqueName() {
        assertThat(Settings.ALL).hasSizeGreaterThan(40);
        assertThat(Settings.ALL).allSatisfy(s -> {
            assertThat(s.doc()).isNotBlank().doesNotContain("\n");
            assertThat(Settings.byName(s.name())).contains(s);
        });
        assertThat(Settings.byName("NOPE")).isEqualTo(Optional.empty());
    }
}
