package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final String KEY = "rk_test_MAINSECRET";

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(env, new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Result help = run(Map.of(), "--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "demo", "check", "sandbox", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.");
    }

    @Test
    void eachCommandHasHelp() {
        Result run = run(Map.of(), "run", "--help");
        Result check = run(Map.of(), "check", "--help");
        Result sandbox = run(Map.of(), "sandbox", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--config=FILE", "--set=NAME=VALUE", "--print-config",
                "ROTOR_API_KEY", "ENRICHER_MAX_IN_FLIGHT (default: 64)", "KAFKA_<NAME>", "SCHEMA_REGISTRY_<NAME>");
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("--timeout=DURATION", "ENRICHER_HTTP_PORT (default: 8080)");
        assertThat(sandbox.code()).isZero();
        assertThat(sandbox.out()).contains("--quota", "--error-rate", "--latency");
    }

    @Test
    void versionAndUsageErrors() {
        assertThat(run(Map.of(), "--version")).satisfies(r -> {
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("rotor-lead-enricher ");
        });
        assertThat(run(Map.of()).code()).isEqualTo(2);
        assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(2);
        assertThat(run(Map.of(), "run", "--no-such-option").code()).isEqualTo(2);
        assertThat(run(Map.of(), "sandbox", "--error-rate", "2").code()).isEqualTo(2);
        assertThat(run(Map.of(), "check", "--timeout", "soon").code()).isEqualTo(2);
    }

    @Test
    void aMistypedOptionNeverEchoesTheValueItWasGiven() {
        String[][] mistakes = {
                {"run", "--sett", "ROTOR_API_KEY=topsecret-1"},
                {"run", "-set", "ROTOR_API_KEY=topsecret-1"},
                {"run", "--set=ROTOR_API_KEY", "topsecret-1"},
                {"run", "--api-key=topsecret-1"},
                {"check", "--sett=ROTOR_API_KEY=topsecret-1"},
                {"run", "ROTOR_API_KEY=topsecret-1"},
        };
        for (String[] args : mistakes) {
            Result r = run(Map.of(), args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain("topsecret");
        }
        Result typo = run(Map.of(), "run", "--sett", "ROTOR_API_KEY=topsecret-1");
        assertThat(typo.err()).contains("'--sett'", "<value not shown>", "--set");
    }

    @Test
    void sandboxOptionsReachTheSandboxServer() {
        picocli.CommandLine cli = Main.commandLine(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        cli.parseArgs("sandbox", "--bind", "0.0.0.0", "--port", "0", "--api-key", "k1", "--leads", "7", "--quota", "5", "--quota-period", "30s",
                "--retry-after", "--latency", "20ms", "--jitter", "5ms", "--error-rate", "0.1", "--timeout-rate", "0.05",
                "--reset-rate", "0.05", "--malformed-rate", "0.1");
        SandboxCommand command = cli.getSubcommands().get("sandbox").getCommand();

        SandboxOptions options = command.sandboxOptions();

        assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isZero();
        assertThat(options.apiKeys()).singleElement().satisfies(grant -> {
            assertThat(grant.key().reveal()).isEqualTo("k1");
            assertThat(grant.scopes()).containsExactly(SandboxOptions.SCOPE_LEADS_READ);
        });
        assertThat(options.catalogSize()).isEqualTo(7);
        assertThat(options.quota()).isEqualTo(5);
        assertThat(options.quotaPeriod()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(options.sendRetryAfter()).isTrue();
        assertThat(options.latency()).isEqualTo(java.time.Duration.ofMillis(20));
        assertThat(options.latencyJitter()).isEqualTo(java.time.Duration.ofMillis(5));
        assertThat(options.errorRate()).isEqualTo(0.1);
        assertThat(options.timeoutRate()).isEqualTo(0.05);
        assertThat(options.resetRate()).isEqualTo(0.05);
        assertThat(options.malformedRate()).isEqualTo(0.1);
    }

    @Test
    void printConfigShowsEffectiveValuesButNeverTheKey() {
        Result r = run(Map.of("ROTOR_API_KEY", KEY, "ENRICHER_MAX_IN_FLIGHT", "7"),
                "run", "--print-config", "--set", "ENRICHER_MAX_PENDING=70", "--input-topic", "events-in");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("ENRICHER_MAX_IN_FLIGHT=7    # env")
                .contains("ENRICHER_MAX_PENDING=70    # cli")
                .contains("ENRICHER_INPUT_TOPIC=events-in    # cli")
                .contains("# ROTOR_API_KEY=<redacted>")
                .doesNotContain("MAINSECRET");
    }

    @Test
    void configurationErrorsExitTwoAndListEveryProblem() {
        Result r = run(Map.of("ROTOR_API_KEY", KEY, "ENRICHER_MAX_IN_FLIGHT", "0"),
                "run", "--set", "ROTOR_BASE_URL=http://x");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Configuration errors:",
                "  ROTOR_BASE_URL: 'http://x' uses http; set ROTOR_ALLOW_HTTP=true for a local sandbox, or use https",
                "  ENRICHER_MAX_IN_FLIGHT: must be 1..10000, was 0");
        assertThat(r.err()).doesNotContain("MAINSECRET");
    }

    @Test
    void runWithoutAKeyIsAConfigurationError() {
        Result r = run(Map.of(), "run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ROTOR_API_KEY: not set");
    }

    @Test
    void runExitsOneWhenKafkaIsUnreachable() {
        Result r = run(Map.of("ROTOR_API_KEY", KEY,
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                        "KAFKA_DEFAULT_API_TIMEOUT_MS", "1500",
                        "KAFKA_REQUEST_TIMEOUT_MS", "1000"),
                "run", "--http-port", "0");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: Kafka at 127.0.0.1:1: ").doesNotContain("MAINSECRET");
    }

    @Test
    void gateStatusExitsOneWhenKafkaIsUnreachable() {
        Result r = run(Map.of("ROTOR_API_KEY", KEY,
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                        "KAFKA_REQUEST_TIMEOUT_MS", "1000"),
                "gate", "status", "--timeout", "2s");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("MAINSECRET");
    }

    @Test
    void replayAndGateCommandsPrintTheConfigurationWithoutReachingKafka() {
        for (String[] args : new String[][] {{"replay", "--print-config"}, {"gate", "open", "--print-config"},
                {"gate", "status", "--print-config"}}) {
            Result r = run(Map.of("ROTOR_API_KEY", KEY, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), args);
            assertThat(r.code()).as(String.join(" ", args) + r.err()).isZero();
            assertThat(r.out()).contains("ENRICHER_REPLAY_TOPIC").doesNotContain("MAINSECRET");
        }
    }

    @Test
    void replayExitsOneWhenKafkaIsUnreachableAndTwoForAUsageError() {
        Result r = run(Map.of("ROTOR_API_KEY", KEY, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "KAFKA_REQUEST_TIMEOUT_MS", "1000", "KAFKA_DEFAULT_API_TIMEOUT_MS", "2000"), "replay", "--timeout", "2s");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("MAINSECRET");

        assertThat(run(Map.of("ROTOR_API_KEY", KEY), "replay", "--limit", "0").code()).isEqualTo(2);
        assertThat(run(Map.of("ROTOR_API_KEY", KEY), "replay", "--since", "yesterday").code()).isEqualTo(2);
    }

    /** check against the sandbox and a registry, with a Kafka that does not answer. */
    private static Map<String, String> checkEnv(SandboxRotorServer rotor, FakeSchemaRegistryServer registry) {
        Map<String, String> env = new HashMap<>();
        env.put("ROTOR_API_KEY", KEY);
        env.put("ROTOR_BASE_URL", rotor.baseUrl());
        env.put("ROTOR_ALLOW_HTTP", "true");
        env.put("SCHEMA_REGISTRY_URL", registry.url());
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        return env;
    }

    @Test
    void checkPrintsAVerdictPerDependencyAndSpendsOneRotorCall() throws Exception {
        try (SandboxRotorServer rotor = SandboxRotorServer.start(SandboxOptions.builder().apiKey(KEY).build());
             FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start()) {
            Map<String, String> env = checkEnv(rotor, registry);

            Result r = run(env, "check", "--timeout", "2s");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out().lines()).hasSize(5);
            assertThat(r.out()).containsPattern("(?m)^configuration +OK +all settings valid$")
                    .containsPattern("(?m)^catalog +OK +catalog sync off: this key serves at most about 1000 distinct uncached leads a day")
                    .containsPattern("(?m)^kafka +FAIL +127\\.0\\.0\\.1:1: ")
                    .containsPattern("(?m)^schema registry +OK +" + registry.url() + "; subject leads-enriched-value not registered yet")
                    .containsPattern("(?m)^rotor +OK +" + rotor.baseUrl() + ": key accepted")
                    .doesNotContain("MAINSECRET");
            SandboxStats stats = rotor.stats();
            assertThat(stats.totalRequests()).isEqualTo(1);
            assertThat(stats.endpoint(SandboxStats.AUTH_TEST)).isEqualTo(1);
        }
    }

    @Test
    void checkCatalogSpendsOneListCallAndReportsTheCatalogsSizeAndTheSyncsCost() throws Exception {
        try (SandboxRotorServer rotor = SandboxRotorServer.start(SandboxOptions.builder().apiKey(KEY).catalogSize(2_500).build());
             FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start()) {
            Map<String, String> env = checkEnv(rotor, registry);
            env.put("ENRICHER_CATALOG_SYNC", "true");

            Result r = run(env, "check", "--timeout", "2s", "--catalog");

            assertThat(r.out()).containsPattern("(?m)^catalog +OK +Rotor lists 2[0-9]{3} leads: a full sync costs 3 call\\(s\\), "
                    + "2 sync\\(s\\) a day at ENRICHER_CATALOG_SYNC_INTERVAL=12h cost 6 of the 200 list calls a day the share allows; "
                    + "catalog sync on: up to 200 list calls a day \\(20 % of 1000\\)");
            assertThat(rotor.stats().endpoint(SandboxStats.LIST_LEADS)).isEqualTo(1);
        }
    }

    @Test
    void checkReportsARejectedKey() throws Exception {
        try (SandboxRotorServer rotor = SandboxRotorServer.start(SandboxOptions.builder().apiKey(KEY).build())) {
            Result r = run(Map.of("ROTOR_API_KEY", "rk_wrong", "ROTOR_BASE_URL", rotor.baseUrl(), "ROTOR_ALLOW_HTTP", "true",
                    "SCHEMA_REGISTRY_URL", "mock://check-test", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "check", "--timeout", "1s");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).containsPattern("(?m)^rotor +FAIL +" + rotor.baseUrl() + ": BAD_KEY: ")
                    .containsPattern("(?m)^schema registry +OK +mock://check-test")
                    .doesNotContain("rk_wrong");
        }
    }

    @Test
    void checkWithoutAKeyFailsTheRotorVerdictWithoutACall() {
        Result r = run(Map.of("SCHEMA_REGISTRY_URL", "mock://check-test-2", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
                "check", "--timeout", "1s");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("(?m)^rotor +FAIL +https://api.getrotor.com/open-api: ROTOR_API_KEY is not set");
    }

    @Test
    void checkWithInvalidConfigurationExitsTwo() {
        Result r = run(Map.of("ENRICHER_CACHE_TTL", "forever"), "check");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ENRICHER_CACHE_TTL: 'forever' is not a duration");
    }
}
