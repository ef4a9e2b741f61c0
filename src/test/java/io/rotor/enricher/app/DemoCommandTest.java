package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.demo.DemoOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private static DemoCommand parse(String... args) {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void commandLineDefaultsAreTheDocumentedDefaults() {
        assertThat(parse().options()).isEqualTo(DemoOptions.defaults());
    }

    @Test
    void optionsReachTheDemo() {
        DemoOptions o = parse("--events", "100", "--leads", "7", "--rate", "0", "--latency", "10ms", "--latency-jitter", "5ms",
                "--error-rate", "0.1", "--timeout-rate", "0", "--reset-rate", "0.05", "--malformed-rate", "0.02",
                "--quota", "9", "--quota-period", "2s", "--partitions", "1", "--timeout", "1m", "--seed", "5").options();
        assertThat(o).isEqualTo(new DemoOptions(100, 7, 0, Duration.ofMillis(10), Duration.ofMillis(5), 0.1, 0, 0.05, 0.02,
                9, Duration.ofSeconds(2), 1, Duration.ofMinutes(1), 5));
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err));
        assertThat(cli.execute("--events", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--events must be at least 1");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("--latency", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("'fast' is not a duration");

        err.getBuffer().setLength(0);
        assertThat(cli.execute("--error-rate", "0.3", "--reset-rate", "0.3")).isEqualTo(2);
        assertThat(err.toString()).contains("more than 0.5");
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand()).setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--events", "--leads", "--rate", "--latency", "--latency-jitter", "--error-rate",
                "--timeout-rate", "--reset-rate", "--malformed-rate", "--quota", "--quota-period", "--partitions", "--timeout",
                "--seed", "conservation held");
    }

    @Test
    void demoSettingsShortenOnlyTheDaySizedWaits() {
        DemoOptions o = DemoOptions.defaults();
        TopologySettings t = o.topologySettings();
        TopologySettings d = TopologySettings.defaults();
        assertThat(t.rateLimitSpread()).isLessThan(d.rateLimitSpread());
        assertThat(t.notFoundDelay()).isLessThan(d.notFoundDelay());
        assertThat(t.retryBackoffMax()).isLessThan(d.retryBackoffMax());
        assertThat(t.inputTopic()).isEqualTo(d.inputTopic());
        assertThat(t.outputTopic()).isEqualTo(d.outputTopic());
        assertThat(t.maxInFlight()).isEqualTo(d.maxInFlight());
        assertThat(t.cacheTtl()).isEqualTo(d.cacheTtl());

        var rotor = o.rotorSettings(URI.create("http://127.0.0.1:1/open-api"), Secret.of("k"));
        assertThat(rotor.allowHttp()).isTrue();
        assertThat(rotor.responseTimeout()).isEqualTo(DemoOptions.RESPONSE_TIMEOUT);
        assertThat(rotor.dailyBudget()).isEqualTo(o.quota());
    }

    @Test
    void jitterCannotExceedTheLatency() {
        assertThatThrownBy(() -> new DemoOptions(1, 1, 0, Duration.ofMillis(10), Duration.ofMillis(20), 0, 0, 0, 0, 1,
                Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1)).hasMessageContaining("--latency-jitter");
    }
}
