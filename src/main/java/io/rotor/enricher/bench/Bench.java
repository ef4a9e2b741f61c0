package io.rotor.enricher.bench;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.topology.EnricherTopology;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/** Assembles the scenarios, runs them against one broker and returns the report. */
public final class Bench {
    /** Scenario names in the order they run; baselines always run first in each run. */
    public static final List<String> SCENARIOS = List.of(
            WarmScenario.NAME, OutputHeadersBaseline.NAME, ColdScenario.NAME, HotKeysScenario.NAME, QuotaScenario.NAME,
            SlowApiScenario.NAME, LatencyScenario.NAME, StaleScenario.NAME, QuotaDayScenario.NAME);
    public static final List<String> BASELINES = List.of(PassthroughBaseline.NAME, NaiveSyncBaseline.NAME);

    private Bench() {
    }

    /** Checks scenario names given on the command line; returns them in run order. */
    public static List<String> selectScenarios(List<String> requested) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : requested) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!SCENARIOS.contains(n)) {
                throw new IllegalArgumentException("unknown scenario '" + n + "'; choose from " + String.join(",", SCENARIOS));
            }
            wanted.add(n);
        }
        if (wanted.isEmpty()) {
            return SCENARIOS;
        }
        List<String> ordered = new ArrayList<>();
        for (String n : SCENARIOS) {
            if (wanted.contains(n)) {
                ordered.add(n);
            }
        }
        return ordered;
    }

    /** Runs both baselines and the selected scenarios {@code sizes.runs()} times each on the rig's broker. */
    public static BenchReport run(BenchRig rig, BenchSizes sizes, List<String> scenarios,
                                  Progress progress) {
        Instant started = Instant.now();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Properties serviceSettings = rig.withRigSettings(EnricherTopology.streamsProperties(TopologySettings.defaults()));
        int commitIntervalMs = commitIntervalMs(serviceSettings);

        List<BenchScenario> all = new ArrayList<>();
        all.add(new PassthroughBaseline(rig, sizes));
        all.add(new NaiveSyncBaseline(rig, sizes));
        List<String> selected = selectScenarios(scenarios);
        for (String name : selected) {
            all.add(switch (name) {
                case WarmScenario.NAME -> new WarmScenario(rig, sizes);
                case OutputHeadersBaseline.NAME -> new OutputHeadersBaseline(rig, sizes, selected.contains(WarmScenario.NAME));
                case ColdScenario.NAME -> new ColdScenario(rig, sizes);
                case HotKeysScenario.NAME -> new HotKeysScenario(rig, sizes);
                case QuotaScenario.NAME -> new QuotaScenario(rig, sizes);
                case SlowApiScenario.NAME -> new SlowApiScenario(rig, sizes);
                case LatencyScenario.NAME -> new LatencyScenario(rig, sizes, commitIntervalMs);
                case StaleScenario.NAME -> new StaleScenario(rig, sizes, commitIntervalMs);
                case QuotaDayScenario.NAME -> new QuotaDayScenario(rig, sizes);
                default -> throw new IllegalStateException(name);
            });
        }
        List<FigureResult> figures = new BenchRunner(all, sizes.warmupRuns(), sizes.runs(), progress).run();

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                String.valueOf(serviceSettings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(commitIntervalMs));
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                String.valueOf(serviceSettings.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)));
        settings.put("ENRICHER_MAX_IN_FLIGHT (except cold)", Integer.toString(TopologySettings.defaults().maxInFlight()));
        settings.put("ENRICHER_MAX_PENDING", Integer.toString(TopologySettings.defaults().maxPending()));
        settings.put("broker", "1 in-process KRaft broker");
        settings.put("rotor", "in-process sandbox, quota off except in quota and stale");
        Map<String, String> notes = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        notes.put("machine load", String.format(Locale.ROOT, "1-minute load average %.1f at the start%s", loadAtStart,
                loadAtStart > cores ? "; above the core count, other processes shared the cores and every figure is pessimistic" : ""));
        return new BenchReport(started, Instant.now(), EnvironmentInfo.capture(settings), sizes.describe(), figures, notes);
    }

    static int commitIntervalMs(Properties streamsSettings) {
        Object v = streamsSettings.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (v != null) {
            return Integer.parseInt(v.toString());
        }
        // Streams' own default under exactly-once.
        return StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(streamsSettings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))
                ? 100 : 30_000;
    }
}
