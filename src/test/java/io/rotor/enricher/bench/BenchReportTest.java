package io.rotor.enricher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void summaryOfOddRunsIsTheMiddleValue() {
        Summary s = Summary.of(List.of(30.0, 10.0, 20.0));
        assertThat(s).isEqualTo(new Summary(20.0, 10.0, 30.0, 3));
    }

    @Test
    void summaryOfEvenRunsAveragesTheTwoMiddleValues() {
        Summary s = Summary.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(4.0);
        assertThat(s.runs()).isEqualTo(4);
    }

    @Test
    void summaryRefusesNoRunsAndMissingValues() {
        assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        List<Double> withNaN = new ArrayList<>(List.of(1.0, Double.NaN));
        assertThatThrownBy(() -> Summary.of(withNaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsJudgeTheMedian() {
        assertThat(Target.atLeast(0.8, ">= 0.8x").judge(0.8)).isEqualTo(Target.Verdict.MET);
        assertThat(Target.atLeast(0.8, ">= 0.8x").judge(0.79)).isEqualTo(Target.Verdict.SHORT);
        assertThat(Target.atMost(1.0, "<= 1.00").judge(1.0)).isEqualTo(Target.Verdict.MET);
        assertThat(Target.atMost(0, "0").judge(1)).isEqualTo(Target.Verdict.SHORT);
        assertThat(Target.none().judge(5)).isEqualTo(Target.Verdict.INFO);
    }

    @Test
    void tableShowsEnvironmentSizesEveryFigureAndNotes() {
        String table = ReportFormat.table(sampleReport());
        assertThat(table).contains("4 cores", "Test CPU", "processing.guarantee=exactly_once_v2", "events=1000");
        assertThat(table).contains("| passthrough | events/s (events/s)", "12,346", "| warm ", ">= 0.8x", "met");
        assertThat(table).contains("| quota ", "SHORT");
        assertThat(table).contains("| slow-api ", "not run");
        assertThat(table).contains("- slow.peak_heap: no broker here");
        // every row has the same number of cells
        long rowsWithSevenCells = table.lines().filter(l -> l.startsWith("|"))
                .filter(l -> l.chars().filter(c -> c == '|').count() == 8).count();
        assertThat(rowsWithSevenCells).isEqualTo(2 + sampleReport().figures().size());
    }

    @Test
    void jsonHoldsEveryFigureWithItsRunsAndNullsForWhatDidNotRun() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ReportFormat.json(sampleReport()));
        assertThat(root.path("environment").path("cores").asInt()).isEqualTo(4);
        assertThat(root.path("environment").path("settings").path("commit.interval.ms").asText()).isEqualTo("100");
        assertThat(root.path("sizes").path("events").asText()).isEqualTo("1000");
        JsonNode figures = root.path("figures");
        assertThat(figures).hasSize(4);
        JsonNode warm = figures.get(1);
        assertThat(warm.path("id").asText()).isEqualTo("warm.ratio");
        assertThat(warm.path("median").asDouble()).isEqualTo(0.9);
        assertThat(warm.path("values")).hasSize(3);
        assertThat(warm.path("verdict").asText()).isEqualTo("met");
        JsonNode slow = figures.get(3);
        assertThat(slow.path("median").isNull()).isTrue();
        assertThat(slow.path("verdict").asText()).isEqualTo("not_run");
        assertThat(slow.path("note").asText()).isEqualTo("no broker here");
    }

    @Test
    void csvHasAHeaderAndOneQuotedRowPerFigure() {
        String csv = ReportFormat.csv(sampleReport());
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("scenario,figure_id,figure,unit,median,min,max,runs,values,target");
        assertThat(lines.get(1)).isEqualTo("passthrough,passthrough.events_per_s,events/s,events/s,12345.6000,12000,13000,3,12000;12345.6000;13000,,info,");
        assertThat(lines.get(3)).contains("\"late, apart\"");
        assertThat(lines.get(4)).endsWith(",not_run,no broker here");
    }

    @Test
    void writesBothFiles(@TempDir Path dir) throws Exception {
        List<Path> written = ReportFormat.write(sampleReport(), dir);
        assertThat(written).containsExactly(dir.resolve("bench-results.json"), dir.resolve("bench-results.csv"));
        assertThat(Files.readString(dir.resolve("bench-results.json"))).contains("\"warm.ratio\"");
        assertThat(Files.readString(dir.resolve("bench-results.csv"))).contains("warm.ratio");
    }

    @Test
    void numbersAreReadableInTheTableAndExactInTheFiles() {
        assertThat(ReportFormat.number(12345.6)).isEqualTo("12,346");
        assertThat(ReportFormat.number(123.45)).isEqualTo("123.5");
        assertThat(ReportFormat.number(0.8123)).isEqualTo("0.81");
        assertThat(ReportFormat.number(3)).isEqualTo("3");
        assertThat(ReportFormat.plain(0.81234567)).isEqualTo("0.8123");
        assertThat(ReportFormat.plain(5)).isEqualTo("5");
    }

    @Test
    void runnerInterleavesRunsPassesBaselinesAndKeepsFailuresApart() {
        List<String> order = new ArrayList<>();
        FigureSpec base = FigureSpec.info("base.rate", "base", "rate", "events/s");
        FigureSpec ratio = new FigureSpec("ratio", "ratio", "ratio", "x", Target.atLeast(0.5, ">= 0.5x"));
        FigureSpec flaky = FigureSpec.info("flaky.value", "flaky", "value", "count");
        FigureSpec absent = FigureSpec.info("absent.value", "absent", "value", "count");
        double[] rates = {100, 200, 400};
        int[] run = {0};
        BenchScenario baseline = scenario("base", base, thisRun -> {
            order.add("base");
            return Map.of(base.id(), rates[run[0]++]);
        });
        BenchScenario ratioScenario = scenario("ratio", ratio, thisRun -> {
            order.add("ratio");
            return Map.of(ratio.id(), 50.0 / thisRun.get(base.id()));
        });
        BenchScenario flakyScenario = scenario("flaky", flaky, thisRun -> {
            order.add("flaky");
            if (run[0] == 2) {
                throw new IllegalStateException("broker hiccup");
            }
            return Map.of(flaky.id(), (double) run[0]);
        });
        BenchScenario unavailable = new BenchScenario() {
            @Override
            public String name() {
                return "absent";
            }

            @Override
            public List<FigureSpec> figures() {
                return List.of(absent);
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of("not in this build");
            }

            @Override
            public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) {
                throw new AssertionError("must not run");
            }
        };

        List<FigureResult> results = new BenchRunner(List.of(baseline, ratioScenario, flakyScenario, unavailable), 0, 3,
                Progress.silent()).run();

        assertThat(order).containsExactly("base", "ratio", "flaky", "base", "ratio", "flaky", "base", "ratio", "flaky");
        assertThat(results).extracting(r -> r.spec().id()).containsExactly("base.rate", "ratio", "flaky.value", "absent.value");
        assertThat(results.get(0).summary()).isEqualTo(new Summary(200, 100, 400, 3));
        assertThat(results.get(1).values()).containsExactly(0.5, 0.25, 0.125);
        assertThat(results.get(1).verdict()).isEqualTo(Target.Verdict.SHORT);
        assertThat(results.get(2).values()).containsExactly(1.0, 3.0);
        assertThat(results.get(2).note()).isEqualTo("1 of 3 runs failed: run 2: IllegalStateException: broker hiccup");
        assertThat(results.get(3).wasRun()).isFalse();
        assertThat(results.get(3).note()).isEqualTo("not in this build");
    }

    @Test
    void zipfFavoursLowRanksAndStaysInRange() {
        Zipf zipf = new Zipf(1000, 1.0);
        Random random = new Random(7);
        int[] counts = new int[1000];
        for (int i = 0; i < 100_000; i++) {
            counts[zipf.sample(random)]++;
        }
        // rank 1 has twice the weight of rank 2 and ~1/H(1000) ≈ 13% of all draws
        assertThat(counts[0]).isBetween(12_500, 14_500);
        assertThat((double) counts[0] / counts[1]).isBetween(1.8, 2.2);
        assertThat(counts[999]).isLessThan(counts[0] / 100);
    }

    @Test
    void sizesDeriveColdEventsFromLittlesBoundAndRejectNonsense() {
        BenchSizes sizes = BenchSizes.defaults();
        // 64 in flight at 50 ms is 1280 lookups/s; 4 s of that is 5120 events
        assertThat(sizes.coldEvents(64)).isEqualTo(5120);
        assertThat(sizes.coldEvents(1)).isEqualTo(80);
        assertThat(sizes.describe()).containsEntry("cold-events", "[80,640,5120]").containsEntry("runs", "3");
        assertThatThrownBy(() -> new BenchSizes(3, 1, 2, 100, 10, sizes.coldLatency(), List.of(1), 1, 10, 10, 10, 1,
                sizes.hotLatency(), 1000, 500, sizes.slowLatency(), 10, sizes.slowDuration(), 10, sizes.latencyDuration(),
                sizes.fastLatency(), 100, 10, Duration.ofSeconds(1), 0))
                .hasMessageContaining("--quota-events must exceed --quota");
    }

    @Test
    void latencyStartsAtTheInputTimestampTheServiceCarriesInItsOriginHeader() {
        org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> emitted =
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("out", 0, 5L, 2_000L,
                        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, new byte[0], new byte[0],
                        new org.apache.kafka.common.header.internals.RecordHeaders().add(
                                io.rotor.enricher.envelope.HeaderNames.ORIGIN_TIMESTAMP,
                                "1500".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        Optional.empty());
        assertThat(OutputWatcher.inputTimestamp(emitted)).isEqualTo(1_500L);
        org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> inherited =
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("out", 0, 6L, 1_700L,
                        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, new byte[0], new byte[0],
                        new org.apache.kafka.common.header.internals.RecordHeaders(), Optional.empty());
        assertThat(OutputWatcher.inputTimestamp(inherited)).isEqualTo(1_700L);
    }

    private interface Measure {
        Map<String, Double> apply(Map<String, Double> thisRun);
    }

    private static BenchScenario scenario(String name, FigureSpec spec, Measure measure) {
        return new BenchScenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<FigureSpec> figures() {
                return List.of(spec);
            }

            @Override
            public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) {
                return measure.apply(thisRun);
            }
        };
    }

    private static BenchReport sampleReport() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("processing.guarantee", "exactly_once_v2");
        settings.put("commit.interval.ms", "100");
        EnvironmentInfo env = new EnvironmentInfo("host1", "Test CPU", 4, "Test JVM 17", "Linux", 1024, "4.4.0", 0.5, settings);
        FigureSpec pass = FigureSpec.info("passthrough.events_per_s", "passthrough", "events/s", "events/s");
        FigureSpec warm = new FigureSpec("warm.ratio", "warm", "events/s ÷ passthrough", "x", Target.atLeast(0.8, ">= 0.8x"));
        FigureSpec quota = new FigureSpec("quota.after_429", "quota", "late, apart", "requests", Target.atMost(0, "0"));
        FigureSpec slow = new FigureSpec("slow.peak_heap", "slow-api", "peak heap", "MiB", Target.none());
        List<FigureResult> figures = List.of(
                FigureResult.measured(pass, List.of(12000.0, 12345.6, 13000.0), ""),
                FigureResult.measured(warm, List.of(0.85, 0.9, 0.95), ""),
                FigureResult.measured(quota, List.of(0.0, 2.0, 1.0), ""),
                FigureResult.notRun(slow, "no broker here"));
        return new BenchReport(Instant.parse("2026-11-27T00:10:00Z"), Instant.parse("2026-11-27T00:13:00Z"), env,
                Map.of("events", "1000"), figures, Map.of());
    }
}
