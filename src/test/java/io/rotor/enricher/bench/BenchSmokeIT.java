package io.rotor.enricher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.app.BenchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench command end to end with tiny sizes: one broker, every scenario and both baselines, files written. */
@Tag("slow")
class BenchSmokeIT {

    @Test
    void runsEveryScenarioAndBothBaselinesAndWritesTheTableJsonAndCsv(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute(
                "--runs", "1", "--warmup-runs", "0",
                "--events", "300", "--warm-leads", "50",
                "--cold-in-flight", "1,4", "--cold-seconds", "0.5", "--naive-events", "10",
                "--hot-events", "300", "--hot-leads", "50",
                "--quota", "20", "--quota-events", "120",
                "--slow-latency", "2s", "--slow-backlog", "200", "--slow-duration", "4s",
                "--latency-rate", "100", "--latency-duration", "2s",
                "--day-catalog", "1500", "--day-leads", "300", "--day-period", "3s", "--day-new-leads", "20",
                "--output-dir", dir.toString());

        assertThat(exit).isZero();
        String table = out.toString();
        for (String scenario : List.of("passthrough", "naive-sync", "warm", "output-headers", "cold @1", "cold @4", "hot-keys", "quota",
                "slow-api", "latency", "stale", "quota-day")) {
            assertThat(table).contains("| " + scenario + " ");
        }
        assertThat(table).contains(Runtime.getRuntime().availableProcessors() + " cores").doesNotContain("not run");

        JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportFormat.JSON_FILE).toFile());
        List<String> ids = new ArrayList<>();
        for (JsonNode figure : json.path("figures")) {
            ids.add(figure.path("id").asText());
            assertThat(figure.path("runs").asInt()).as(figure.path("id").asText() + ": " + figure.path("note").asText())
                    .isEqualTo(1);
            assertThat(figure.path("median").isNumber()).isTrue();
        }
        assertThat(ids).contains(
                PassthroughBaseline.EVENTS_PER_S.id(), NaiveSyncBaseline.EVENTS_PER_S.id(),
                WarmScenario.VS_PASSTHROUGH.id(), OutputHeadersBaseline.VS_PASSTHROUGH.id(), OutputHeadersBaseline.WARM_VS.id(), ColdScenario.littlesId(4), ColdScenario.naiveId(4),
                HotKeysScenario.CALLS_PER_LEAD.id(), QuotaScenario.AFTER_429.id(), QuotaScenario.UNACCOUNTED.id(),
                SlowApiScenario.HEAP_GROWTH.id(), SlowApiScenario.REBALANCES.id(), LatencyScenario.P50.id(),
                "latency.p99_ms", StaleScenario.EMITTED.id(), StaleScenario.AFTER_429.id(), "stale.p99_ms",
                StaleScenario.OFF_PARKED.id(), QuotaDayScenario.ON_ENRICHED.id(), QuotaDayScenario.OFF_LEADS.id(),
                QuotaDayScenario.ON_FIRST_P99.id(), QuotaDayScenario.NOSWEEP_LOOKUPS.id(), QuotaDayScenario.UNKNOWN_SWEEP_EXTRA.id());
        assertThat(json.path("sizes").path("events").asText()).isEqualTo("300");
        assertThat(json.path("environment").path("settings").path("processing.guarantee").asText())
                .isEqualTo("exactly_once_v2");
        List<String> csv = Files.readAllLines(dir.resolve(ReportFormat.CSV_FILE));
        assertThat(csv).hasSize(ids.size() + 1);
    }
}
