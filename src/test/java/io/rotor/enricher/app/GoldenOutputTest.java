package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a user reads, pinned: {@code --help} of every command, {@code --print-config} of a sample configuration and
 * the validation messages of a sample of bad values. A change of any of them is deliberate: rerun with
 * {@code -Dgolden.update=true} and review the diff of {@code src/test/resources/golden/}.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** A configuration touching every kind of setting: Kafka and registry pass-through, secrets, durations, lists. */
    static Map<String, String> sampleConfig() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092");
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"kafka-secret\";");
        env.put("SCHEMA_REGISTRY_URL", "https://user:registry-secret@registry.example:8081");
        env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "user:registry-secret");
        env.put("ROTOR_API_KEY", "rk_live_GOLDENSECRET");
        env.put("ROTOR_CONNECT_TIMEOUT", "2s");
        env.put("ENRICHER_INPUT_TOPIC", "crm-events");
        env.put("ENRICHER_MAX_IN_FLIGHT", "128");
        env.put("ENRICHER_CACHE_TTL", "12h");
        env.put("ENRICHER_PASS_HEADERS", "traceparent,tracestate");
        env.put("ENRICHER_CACHE_BYPASS", "/type=lead.updated");
        env.put("PATH", "/usr/bin");
        return env;
    }

    /** Bad values, all at once: the service reports every problem, each naming its setting and the fix. */
    static Map<String, String> badConfig() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROTOR_API_KEY", "rk_live_GOLDENSECRET");
        env.put("ROTOR_BASE_URL", "ftp://rotor.example");
        env.put("ROTOR_RESPONSE_TIMEOUT", "soon");
        env.put("ROTOR_MAX_CONNECTIONS", "0");
        env.put("ENRICHER_MAX_IN_FLIGHT", "-3");
        env.put("ENRICHER_CACHE_TTL", "12 hours");
        env.put("ENRICHER_PARTITIONS", "two");
        env.put("ENRICHER_CACHE_BYPASS", "type=lead.updated");
        env.put("ENRICHER_LEAD_ID_SOURCE", "body");
        env.put("ENRICHER_CREATE_TOPICS", "maybe");
        env.put("ENRICHER_HTTP_PORT", "70000");
        env.put("ROTOR_APIKEY", "typo");
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "help-main.txt     | sample | --help",
            "help-run.txt      | sample | run --help",
            "help-check.txt    | sample | check --help",
            "help-sandbox.txt  | sample | sandbox --help",
            "help-demo.txt     | sample | demo --help",
            "help-bench.txt    | sample | bench --help",
            "help-replay.txt   | sample | replay --help",
            "help-gate-open.txt | sample | gate open --help",
            "print-config.txt  | sample | run --print-config",
            "validation.txt    | bad    | run --print-config",
    })
    void isUnchanged(String golden, String config, String args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(config.equals("bad") ? badConfig() : sampleConfig(), new PrintWriter(out), new PrintWriter(err))
                .execute(args.split(" "));
        String actual = "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(actual).doesNotContain("GOLDENSECRET", "kafka-secret", "registry-secret");
    }
}
