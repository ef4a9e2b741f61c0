package io.rotor.enricher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Slow API: Rotor answers after 10 s while a large backlog waits in the input. The service must neither buffer the
 * backlog on the heap nor hold a transaction open past its timeout: heap stays flat, no rebalance, no fenced
 * producer. Heap figures are of the whole bench JVM (broker and sandbox included), which is why the growth
 * over the window, not the absolute size, carries the verdict.
 */
public final class SlowApiScenario extends RigScenario {
    public static final String NAME = "slow-api";
    public static final FigureSpec PEAK_HEAP = FigureSpec.info("slow_api.peak_heap_mib", NAME,
            "peak heap used (whole JVM)", "MiB");
    public static final FigureSpec HEAP_GROWTH = new FigureSpec("slow_api.retained_heap_growth_mib", NAME,
            "heap retained after GC: end − first quarter of the window", "MiB", Target.atMost(64, "<= 64 MiB (flat)"));
    public static final FigureSpec REBALANCES = new FigureSpec("slow_api.rebalances_or_fenced", NAME,
            "rebalances, fenced transactions, thread failures", "count", Target.atMost(0, "0"));
    public static final FigureSpec LOOKUPS = FigureSpec.info("slow_api.lookups_per_s", NAME,
            "leads emitted per second during the window", "leads/s");


    public SlowApiScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(PEAK_HEAP, HEAP_GROWTH, REBALANCES, LOOKUPS);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = enricher(AppRun.sandboxOptions(sizes.slowBacklog(), sizes.slowLatency()).build())) {
            BenchEvents backlog = BenchEvents.distinct("backlog", run.catalog().ids(), sizes.slowBacklog());
            run.produce(backlog, progress);
            try (HeapSampler heap = new HeapSampler()) {
                run.start();
                long windowStart = System.nanoTime();
                Duration window = sizes.slowDuration();
                waitUntil(windowStart + window.toNanos() / 4, progress, windowStart, window);
                long retainedEarly = HeapSampler.retainedAfterGc();
                waitUntil(windowStart + window.toNanos(), progress, windowStart, window);
                long retainedEnd = HeapSampler.retainedAfterGc();
                long emitted = run.watcher().count(run.settings().outputTopic());
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                StreamsWatch watch = run.watch();
                return Map.of(
                        PEAK_HEAP.id(), heap.peakBytes() / (1024.0 * 1024.0),
                        HEAP_GROWTH.id(), (retainedEnd - retainedEarly) / (1024.0 * 1024.0),
                        REBALANCES.id(), (double) (watch.rebalancesAfterRunning() + watch.threadFailures()),
                        LOOKUPS.id(), emitted / seconds);
            }
        }
    }

    /** The measurement window is wall-clock time by design: the scenario watches what happens during it. */
    private static void waitUntil(long deadlineNanos, Progress progress, long windowStart, Duration window)
            throws InterruptedException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            progress.update("watching heap and rebalances, " + (System.nanoTime() - windowStart) / 1_000_000_000L
                    + "/" + window.toSeconds() + " s");
            Thread.sleep(Math.min(500, Math.max(1, left / 1_000_000)));
        }
    }
}
