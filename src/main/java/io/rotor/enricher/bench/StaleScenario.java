package io.rotor.enricher.bench;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Stale: a warm cache whose entries have all expired, then the sandbox's quota spent, then events for the cached leads
 * at the latency scenario's rate. With ENRICHER_STALE_IF_ERROR=24h every event is emitted at once with its expired
 * copy and no call starts after the first 429; with it off (the contrast, same run) the events park on the retry
 * topic until the reset.
 */
public final class StaleScenario extends RigScenario {
    public static final String NAME = "stale";
    /** Short, so the warm entries expire within the scenario. */
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WINDOW = Duration.ofHours(24);
    /** How long the scenario waits for the events to be emitted (on) or parked (off) before counting what is missing. */
    static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(1);

    public static final FigureSpec EMITTED = new FigureSpec("stale.emitted_ratio", NAME,
            "events emitted ÷ events, quota spent, ENRICHER_STALE_IF_ERROR=24h", "x", Target.atLeast(1.0, "100%"));
    public static final FigureSpec AFTER_429 = new FigureSpec("stale.requests_after_first_429", NAME,
            "requests started after the first 429 was received, stale serving on", "requests", Target.atMost(0, "0"));
    public static final FigureSpec OFF_PARKED = FigureSpec.info("stale.off_parked_ratio", NAME,
            "events parked on the retry topic ÷ events, stale serving off (the contrast)", "x");

    private final FigureSpec p99;

    public StaleScenario(BenchRig rig, BenchSizes sizes, int commitIntervalMs) {
        super(NAME, rig, sizes);
        int bound = 2 * commitIntervalMs + 50;
        this.p99 = new FigureSpec("stale.p99_ms", NAME, "p99 input timestamp → committed output, served stale", "ms",
                Target.atMost(bound, "<= " + bound + " ms (the warm latency bound)"));
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(EMITTED, AFTER_429, p99, OFF_PARKED);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        double emitted;
        double after429;
        double p99Ms;
        try (AppRun run = expiredCacheThenSpentQuota(WINDOW, progress)) {
            BenchEvents events = events(run);
            run.watcher().recordLatency(run.settings().outputTopic(), System.currentTimeMillis());
            run.producePaced(events, sizes.latencyRate(), progress);
            long out = settled(run, run.settings().outputTopic(), events.size(), progress, "outputs served stale");
            emitted = (double) out / events.size();
            if (!run.lookup().saw429()) {
                throw new IllegalStateException("no refresh met the spent quota: " + run.apiCalls() + " calls");
            }
            after429 = run.lookup().startedAfterFirst429();
            Histogram latency = run.watcher().latencyMillis();
            p99Ms = latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99);
        }
        double parked;
        try (AppRun run = expiredCacheThenSpentQuota(Duration.ZERO, progress)) {
            BenchEvents events = events(run);
            run.producePaced(events, sizes.latencyRate(), progress);
            parked = (double) settled(run, run.settings().retryTopic(), events.size(), progress, "events parked")
                    / events.size();
        }
        return Map.of(EMITTED.id(), emitted, AFTER_429.id(), after429, p99.id(), p99Ms, OFF_PARKED.id(), parked);
    }

    /** The service with a warm cache of every lead, each entry expired, and the sandbox's quota spent. */
    private AppRun expiredCacheThenSpentQuota(Duration window, Progress progress) throws Exception {
        AppRun run = AppRun.enricher(rig, NAME, sizes.partitions(), TopologySettings.defaults().maxInFlight(),
                AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).quotaPeriod(Duration.ofDays(1)).build(),
                settings -> settings.with(Settings.ENRICHER_CACHE_TTL, TTL).with(Settings.ENRICHER_STALE_IF_ERROR, window));
        try {
            run.start();
            BenchEvents warmup = BenchEvents.distinct("warm-up", run.catalog().ids(), sizes.warmLeads());
            run.produce(warmup, progress);
            run.awaitOutput(warmup.size(), progress);
            Thread.sleep(TTL.toMillis() + 500); // every entry is past its TTL
            run.spendQuota();
            return run;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    private BenchEvents events(AppRun run) {
        int count = (int) Math.max(1, sizes.latencyRate() * sizes.latencyDuration().toMillis() / 1000);
        return BenchEvents.uniform("events for expired leads", run.catalog().ids().subList(0, sizes.warmLeads()), count,
                WarmEvents.SEED);
    }

    /** Records on {@code topic} beyond the warm-up's outputs, once all {@code expected} are there or the wait ends. */
    private long settled(AppRun run, String topic, int expected, Progress progress, String what)
            throws InterruptedException {
        long base = topic.equals(run.settings().outputTopic()) ? sizes.warmLeads() : 0;
        try {
            run.watcher().await(w -> w.count(topic) - base, expected, SETTLE_TIMEOUT, progress, what);
        } catch (TimeoutException e) {
            // counted as it stands: a shortfall is the result
        }
        return run.watcher().count(topic) - base;
    }
}
