package io.rotor.enricher.bench;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * Quota day (issue 13): one quota period compressed to {@code --day-period}. The sandbox holds {@code --day-catalog}
 * leads and grants 1,000 requests (lists and lookups alike) for a period that outlasts the run; events spread evenly
 * over the period touch {@code --day-leads} distinct existing leads, three events each. Run with the catalog sync on
 * (it syncs at start, archived leads included, before the period's events begin: the service's state once it has
 * run) and off, in the same run. Counted at the period's end plus a two-second grace for the last commits. Then an
 * old-leads-only run with as many unknown ids, sync on and off: the sync must add no lookup by id.
 */
public final class QuotaDayScenario extends RigScenario {
    public static final String NAME = "quota-day";
    static final int QUOTA = 1_000;
    /** After the last event is produced, what arrives within this still counts as within the period. */
    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);

    public static final FigureSpec ON_ENRICHED = new FigureSpec("quota-day.on.enriched_ratio", NAME,
            "events enriched within the period ÷ events, sync on", "x", Target.atLeast(0.99, ">= 99%"));
    public static final FigureSpec ON_QUOTA = new FigureSpec("quota-day.on.quota_share", NAME,
            "requests of the period (sync and lookups) ÷ the quota, sync on", "x", Target.atMost(0.20, "<= 20%"));
    public static final FigureSpec ON_PER_CALL = new FigureSpec("quota-day.on.leads_per_call", NAME,
            "distinct leads enriched ÷ requests, sync on", "leads", Target.atLeast(100, ">= 100"));
    public static final FigureSpec ON_LIST = FigureSpec.info("quota-day.on.list_calls", NAME, "GET /leads calls, sync on", "calls");
    public static final FigureSpec ON_LOOKUPS = FigureSpec.info("quota-day.on.lookup_calls", NAME,
            "GET /leads/{id} calls, sync on", "calls");
    public static final FigureSpec OFF_ENRICHED = FigureSpec.info("quota-day.off.enriched_ratio", NAME,
            "events enriched within the period ÷ events, sync off (the contrast)", "x");
    public static final FigureSpec OFF_LEADS = new FigureSpec("quota-day.off.distinct_leads", NAME,
            "distinct leads enriched, sync off: the ceiling", "leads", Target.atMost(QUOTA, "<= 1000"));
    public static final FigureSpec OFF_LOOKUPS = FigureSpec.info("quota-day.off.lookup_calls", NAME,
            "GET /leads/{id} calls, sync off", "calls");

    /** Leads of the old-leads-only run: this many existing and as many unknown ids, one event each. */
    static final int OLD_LEADS = 300;
    public static final FigureSpec UNKNOWN_EXTRA = new FigureSpec("quota-day.unknown.extra_lookups", NAME,
            "lookups by id with the sync on − with it off, old leads and as many unknown ids", "calls",
            Target.atMost(0, "<= 0 (the sync's own calls apart)"));
    public static final FigureSpec UNKNOWN_LIST = FigureSpec.info("quota-day.unknown.list_calls", NAME,
            "GET /leads calls of that run, sync on (the sync's own)", "calls");

    public QuotaDayScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(ON_ENRICHED, ON_QUOTA, ON_PER_CALL, ON_LIST, ON_LOOKUPS, OFF_ENRICHED, OFF_LEADS, OFF_LOOKUPS,
                UNKNOWN_EXTRA, UNKNOWN_LIST);
    }

    /** What one measurement saw at the period's end. */
    private record Day(int events, long enriched, int distinctLeads, long listCalls, long lookupCalls) {
        double requests() {
            return listCalls + lookupCalls;
        }
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        Day on = measure(true, progress);
        Day off = measure(false, progress);
        Map<String, Double> figures = new HashMap<>();
        figures.put(ON_ENRICHED.id(), (double) on.enriched() / on.events());
        figures.put(ON_QUOTA.id(), on.requests() / QUOTA);
        figures.put(ON_PER_CALL.id(), on.distinctLeads() / Math.max(1, on.requests()));
        figures.put(ON_LIST.id(), (double) on.listCalls());
        figures.put(ON_LOOKUPS.id(), (double) on.lookupCalls());
        figures.put(OFF_ENRICHED.id(), (double) off.enriched() / off.events());
        figures.put(OFF_LEADS.id(), (double) off.distinctLeads());
        figures.put(OFF_LOOKUPS.id(), (double) off.lookupCalls());
        long[] unknownOn = oldLeadsAndUnknownIds(true, progress);
        long[] unknownOff = oldLeadsAndUnknownIds(false, progress);
        figures.put(UNKNOWN_EXTRA.id(), (double) (unknownOn[0] - unknownOff[0]));
        figures.put(UNKNOWN_LIST.id(), (double) unknownOn[1]);
        return figures;
    }

    private Day measure(boolean sync, Progress progress) throws Exception {
        SandboxOptions sandbox = AppRun.sandboxOptions(sizes.dayCatalog(), sizes.fastLatency())
                .quota(QUOTA).quotaPeriod(Duration.ofDays(1)).sendRetryAfter(true).build();
        try (AppRun run = AppRun.enricher(rig, NAME + (sync ? "-on" : "-off"), sizes.partitions(),
                TopologySettings.defaults().maxInFlight(), sandbox, s -> tuned(s, sync))) {
            run.start();
            if (sync) {
                awaitSync(run, progress, sizes.dayCatalog());
            }
            List<String> leads = new ArrayList<>(run.catalog().ids());
            Collections.shuffle(leads, new Random(13));
            BenchEvents events = BenchEvents.uniform("quota-day events", leads.subList(0, sizes.dayLeads()),
                    sizes.dayLeads() * BenchSizes.DAY_EVENTS_PER_LEAD, 17);
            int rate = (int) Math.max(1, Math.round(events.size() * 1000.0 / sizes.dayPeriod().toMillis()));
            try (OutputWatcher enriched = new OutputWatcher(run.bootstrapServers(), List.of(run.settings().outputTopic()),
                    (topic, r) -> r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))) {
                run.producePaced(events, rate, progress);
                String out = run.settings().outputTopic();
                try {
                    enriched.await(w -> w.count(out), events.size(), GRACE, progress, "events enriched");
                } catch (TimeoutException periodOver) {
                    // Not all enriched within the grace: what arrived by now is what the period enriched.
                }
                return new Day(events.size(), enriched.count(run.settings().outputTopic()), enriched.distinctIdentities(),
                        run.listCalls(), run.apiCalls());
            }
        }
    }

    /**
     * Existing leads and as many ids Rotor does not know, one event each, all at once: with the sync on, the unknown
     * ids still cost their lookup by id, and nothing else may. Returns {lookups by id, list calls} once every event is
     * accounted for.
     */
    private long[] oldLeadsAndUnknownIds(boolean sync, Progress progress) throws Exception {
        SandboxOptions sandbox = AppRun.sandboxOptions(Math.max(OLD_LEADS, Math.min(sizes.dayCatalog(), 5_000)), sizes.fastLatency())
                .quota(QUOTA).quotaPeriod(Duration.ofDays(1)).sendRetryAfter(true).build();
        try (AppRun run = AppRun.enricher(rig, NAME + "-unknown" + (sync ? "-on" : "-off"), sizes.partitions(),
                TopologySettings.defaults().maxInFlight(), sandbox, s -> tuned(s, sync))) {
            run.start();
            if (sync) {
                awaitSync(run, progress, run.catalog().size());
            }
            List<String> ids = new ArrayList<>(run.catalog().ids().subList(0, OLD_LEADS));
            Random random = new Random(29);
            for (int i = 0; i < OLD_LEADS; i++) {
                ids.add(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
            }
            BenchEvents events = BenchEvents.distinct("old and unknown leads", ids, ids.size());
            run.produce(events, progress);
            run.watcher().await(OutputWatcher::distinctIdentities, events.size(), AppRun.AWAIT_TIMEOUT, progress,
                    "events accounted for");
            return new long[] {run.apiCalls(), run.listCalls()};
        }
    }

    private static TopologySettings tuned(TopologySettings s, boolean sync) {
        return s.with(Settings.ENRICHER_CATALOG_SYNC, sync)
                .with(Settings.ENRICHER_CATALOG_TOPIC, "catalog-" + s.applicationId())
                .with(Settings.ENRICHER_CATALOG_ARCHIVED, true);
    }

    /** Until the first sync has written every lead of the catalog (archived ones included) to the leads table. */
    private static void awaitSync(AppRun run, Progress progress, int leads) throws TimeoutException, InterruptedException {
        String table = run.settings().catalogTopic();
        try (OutputWatcher synced = new OutputWatcher(run.bootstrapServers(), List.of(table), null)) {
            synced.await(w -> w.count(table), leads, SYNC_TIMEOUT, progress, "leads synced");
        }
    }
}
