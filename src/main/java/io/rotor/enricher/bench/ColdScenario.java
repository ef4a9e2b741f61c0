package io.rotor.enricher.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold: every event a distinct lead, so every event costs one lookup at the sandbox's fixed latency. At max
 * in-flight m and latency L, Little's law bounds lookups/s at m ÷ L; the scenario reports how close it gets and
 * how it compares with the naive-sync baseline (same latency) of the same run.
 */
public final class ColdScenario extends RigScenario {
    public static final String NAME = "cold";
    /** Issue 7's targets apply at this level. */
    public static final int TARGET_LEVEL = 64;


    public ColdScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    static String lookupsId(int level) {
        return "cold.inflight_" + level + ".lookups_per_s";
    }

    static String littlesId(int level) {
        return "cold.inflight_" + level + ".vs_littles_bound";
    }

    static String naiveId(int level) {
        return "cold.inflight_" + level + ".vs_naive_sync";
    }

    @Override
    public List<FigureSpec> figures() {
        List<FigureSpec> figures = new ArrayList<>();
        for (int level : sizes.coldInFlight()) {
            String scenario = NAME + " @" + level;
            figures.add(FigureSpec.info(lookupsId(level), scenario, "lookups/s", "lookups/s"));
            figures.add(new FigureSpec(littlesId(level), scenario, "lookups/s ÷ (in-flight ÷ latency)", "x",
                    level == TARGET_LEVEL ? Target.atLeast(0.85, ">= 0.85x") : Target.none()));
            figures.add(new FigureSpec(naiveId(level), scenario, "events/s ÷ naive sync events/s", "x",
                    level == TARGET_LEVEL ? Target.atLeast(50, ">= 50x") : Target.none()));
        }
        return figures;
    }

    /** Warm-up lookups at one level, each a lead of its own: one second at the Little's-law bound. */
    int warmupEvents(int level) {
        return (int) Math.max(level, Math.round(level * 1000.0 / sizes.coldLatency().toMillis()));
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        Double naive = thisRun.get(NaiveSyncBaseline.EVENTS_PER_S.id());
        if (naive == null) {
            throw new IllegalStateException("the naive-sync baseline failed in this run; no ratio without it");
        }
        double latencySeconds = sizes.coldLatency().toNanos() / 1e9;
        Map<String, Double> values = new LinkedHashMap<>();
        for (int level : sizes.coldInFlight()) {
            int count = sizes.coldEvents(level);
            int warmup = warmupEvents(level);
            progress.update("max in-flight " + level + ", " + warmup + " warm-up and " + count + " measured events");
            try (AppRun run = AppRun.enricher(rig, NAME + "-" + level, sizes.partitions(), level,
                    AppRun.sandboxOptions(warmup + count, sizes.coldLatency()).build())) {
                run.start();
                List<String> ids = run.catalog().ids();
                // The lookup path's first second at this level (JIT, the connection pool filling up) is not measured,
                // as the warm scenario's warm-up lookups are not: a running service has long passed it.
                BenchEvents first = BenchEvents.distinct("cold warm-up @" + level, ids.subList(count, count + warmup), warmup);
                run.produce(first, progress);
                run.awaitOutput(warmup, progress);
                BenchEvents events = BenchEvents.distinct("cold events @" + level, ids, count);
                long callsBefore = run.apiCalls();
                long start = System.nanoTime();
                run.produce(events, progress);
                long end = run.awaitOutput(warmup + count, progress);
                double seconds = (end - start) / 1e9;
                double lookups = (run.apiCalls() - callsBefore) / seconds;
                double eventsPerSecond = count / seconds;
                values.put(lookupsId(level), lookups);
                values.put(littlesId(level), lookups / (level / latencySeconds));
                values.put(naiveId(level), eventsPerSecond / naive);
            }
        }
        return values;
    }
}
