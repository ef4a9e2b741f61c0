package io.rotor.enricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings table is the one definition: defaults, views and the loader's checks all come from it. */
class SettingsTest {
    private final ConfigLoader loader = new ConfigLoader(serdeClass -> property -> false);

    private List<String> problems(Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(null, env, Map.of())).problems();
    }

    @Test
    void everyNameIsUniqueAndCarriesAnOwnPrefix() {
        Set<String> names = new HashSet<>();
        for (Setting<?> s : Settings.ALL) {
            assertThat(names.add(s.name())).as(s.name()).isTrue();
            assertThat(s.name()).matches("(ROTOR|ENRICHER|KAFKA|SCHEMA_REGISTRY)_[A-Z0-9_]+");
            assertThat(s.doc()).as(s.name()).isNotBlank();
            assertThat(Settings.byName(s.name())).contains(s);
        }
    }

    @Test
    void theViewsReadTheTablesDefaults() {
        TopologySettings topology = TopologySettings.defaults();
        assertThat(topology.cacheTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(topology.partitions()).isEqualTo(OptionalInt.empty());
        assertThat(topology.maxEventBytes()).isEqualTo(512 * 1024);
        assertThat(topology.passHeaders()).containsExactly("traceparent", "tracestate");
        assertThat(RotorSettings.defaults().baseUrl()).isEqualTo(RotorSettings.DEFAULT_BASE_URL);
        assertThat(RotorSettings.defaults().apiKey().isEmpty()).isTrue();

        // A loaded configuration without any setting equals the defaults the views start from.
        EnricherConfig loaded = loader.load(null, Map.of(), Map.of());
        assertThat(loaded.topology()).isEqualTo(topology);
        assertThat(loaded.rotor()).isEqualTo(RotorSettings.defaults());
    }

    @Test
    void withChangesOneValueAndLeavesTheOriginal() {
        TopologySettings changed = TopologySettings.defaults().with(Settings.ENRICHER_MAX_IN_FLIGHT, 7);
        assertThat(changed.maxInFlight()).isEqualTo(7);
        assertThat(TopologySettings.defaults().maxInFlight()).isEqualTo(64);
        assertThat(changed.retry().maxAttempts()).isEqualTo(10);
    }

    @Test
    void typeProblemsComeFirstThenTheRulesAndARuleOverAnInvalidSettingIsSkipped() {
        assertThat(problems(Map.of(
                "ROTOR_BASE_URL", "http://rotor.local",
                "ENRICHER_MAX_IN_FLIGHT", "lots",
                "ENRICHER_MAX_PENDING", "1",
                "ENRICHER_RETRY_BACKOFF_BASE", "1h",
                "ENRICHER_RETRY_BACKOFF_MAX", "1m")))
                .containsExactly(
                        "ENRICHER_MAX_IN_FLIGHT: 'lots' is not a whole number; use 1..10000",
                        "ROTOR_BASE_URL: 'http://rotor.local' uses http; set ROTOR_ALLOW_HTTP=true for a local sandbox, or use https",
                        "ENRICHER_RETRY_BACKOFF_BASE: 1h is above ENRICHER_RETRY_BACKOFF_MAX=1m; the base back-off must not exceed the maximum");
    }

    @Test
    void aSecretsValueIsInNoProblem() {
        List<String> problems = problems(Map.of("ROTOR_API_KEY", "rk_live_se cret"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("ROTOR_API_KEY: ").doesNotContain("rk_live").doesNotContain("cret");
    }

    @Test
    void everyRuleReadsTheSettingItReportsAgainstAndIsInTheTable() {
        for (CrossCheck check : Settings.CROSS_CHECKS) {
            assertThat(check.reads()).contains(check.reported());
            assertThat(Settings.ALL).containsAll(check.reads());
        }
    }
}
