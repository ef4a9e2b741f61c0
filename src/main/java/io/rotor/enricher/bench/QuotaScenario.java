package io.rotor.enricher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Quota: the sandbox grants {@code quota} lookups for a period that outlasts the scenario, and more distinct leads
 * arrive than that. Once the client has received a 429 it must start no request until the quota resets; every
 * event must still end somewhere: in the output, parked on the retry topic, or in the DLQ.
 */
public final class QuotaScenario extends RigScenario {
    public static final String NAME = "quota";
    public static final FigureSpec AFTER_429 = new FigureSpec("quota.requests_after_first_429", NAME,
            "requests started after the first 429 was received", "requests", Target.atMost(0, "0"));
    public static final FigureSpec LATE = FigureSpec.info("quota.late_arrivals", NAME,
            "requests in flight when the first 429 was sent (arrived after it)", "requests");
    public static final FigureSpec UNACCOUNTED = new FigureSpec("quota.unaccounted_events", NAME,
            "events in none of output, retry, DLQ", "events", Target.atMost(0, "0"));
    public static final FigureSpec CALLS = FigureSpec.info("quota.api_calls", NAME, "API calls in total", "calls");
    /** How long the scenario waits for every event to be accounted for before counting what is missing. */
    static final Duration ACCOUNTING_TIMEOUT = Duration.ofMinutes(2);


    public QuotaScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(AFTER_429, LATE, UNACCOUNTED, CALLS);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = enricher(// A day-long period (Rotor's) cannot reset within the scenario, except across midnight UTC.
                AppRun.sandboxOptions(sizes.quotaEvents(), sizes.fastLatency()).quota(sizes.quota())
                        .quotaPeriod(Duration.ofDays(1)).build())) {
            run.start();
            BenchEvents events = BenchEvents.distinct("quota events", run.catalog().ids(), sizes.quotaEvents());
            run.produce(events, progress);
            long accounted;
            try {
                run.watcher().await(OutputWatcher::distinctIdentities, events.size(), ACCOUNTING_TIMEOUT, progress,
                        "events accounted for");
                accounted = events.size();
            } catch (TimeoutException e) {
                accounted = run.watcher().distinctIdentities();
            }
            if (!run.lookup().saw429()) {
                throw new IllegalStateException("the client never received a 429: " + run.apiCalls()
                        + " calls for a quota of " + sizes.quota());
            }
            return Map.of(
                    AFTER_429.id(), (double) run.lookup().startedAfterFirst429(),
                    LATE.id(), (double) run.sandboxStats().lateArrivals(),
                    UNACCOUNTED.id(), (double) (events.size() - accounted),
                    CALLS.id(), (double) run.apiCalls());
        }
    }
}
