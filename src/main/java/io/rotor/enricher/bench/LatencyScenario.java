package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency: a steady input rate over cached leads; the time from the input record's timestamp (set by the producer
 * when it sends) to the moment a read_committed consumer receives the output. Two transactional hops
 * (repartition, output), each visible only at a commit, bound it near 2 × commit.interval.ms.
 */
public final class LatencyScenario extends RigScenario {
    public static final String NAME = "latency";
    public static final FigureSpec P50 = FigureSpec.info("latency.p50_ms", NAME, "p50 input timestamp → committed output", "ms");

    private final FigureSpec p99;

    public LatencyScenario(BenchRig rig, BenchSizes sizes, int commitIntervalMs) {
        super(NAME, rig, sizes);
        int bound = 2 * commitIntervalMs + 50;
        this.p99 = new FigureSpec("latency.p99_ms", NAME, "p99 input timestamp → committed output", "ms",
                Target.atMost(bound, "<= " + bound + " ms (2 x commit.interval.ms + 50)"));
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(P50, p99);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = enricher(AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).build())) {
            run.start();
            BenchEvents warmup = BenchEvents.distinct("warm-up", run.catalog().ids(), sizes.warmLeads());
            run.produce(warmup, progress);
            run.awaitOutput(warmup.size(), progress);

            int count = (int) Math.max(1, sizes.latencyRate() * sizes.latencyDuration().toMillis() / 1000);
            BenchEvents events = BenchEvents.uniform("paced events", warmup.leadIds(), count, WarmEvents.SEED);
            run.watcher().recordLatency(run.settings().outputTopic(), System.currentTimeMillis());
            run.producePaced(events, sizes.latencyRate(), progress);
            run.awaitOutput(warmup.size() + count, progress);
            Histogram latency = run.watcher().latencyMillis();
            if (latency.getTotalCount() < count) {
                throw new IllegalStateException("only " + latency.getTotalCount() + " of " + count
                        + " outputs carried the input timestamp");
            }
            return Map.of(P50.id(), (double) latency.getValueAtPercentile(50),
                    p99.id(), (double) latency.getValueAtPercentile(99));
        }
    }
}
