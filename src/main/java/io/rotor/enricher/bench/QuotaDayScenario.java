package io.rotor.enricher.bench;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.sandbox.LeadCatalog;
import io.rotor.enricher.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Quota day (issues 13 and 14): one quota period compressed to {@code --day-period}. The sandbox holds
 * {@code --day-catalog} leads and grants 1,000 requests (lists and lookups alike) for a period that outlasts the run;
 * events spread evenly over the period touch {@code --day-leads} distinct existing leads, three events each, and
 * {@code --day-new-leads} leads are created during the period, spread over it, each followed at once by its first
 * event (its other two within the next 15 s). Measured three ways in the same run: the catalog sync on with sweeps
 * (the default), the sync on without sweeps ({@code ENRICHER_NEW_LEAD_WAIT=0s}), and the sync off. The sync runs at
 * start, archived leads included, before the period's events begin (the service's state once it has run). Counted
 * at the period's end plus a two-second grace for the last commits. Then an old-leads-only run with as many unknown
 * ids, in the same three ways: neither the sync nor sweeps may add a lookup by id.
 */
public final class QuotaDayScenario extends RigScenario {
    public static final String NAME = "quota-day";
    static final int QUOTA = 1_000;
    /** After the last event is produced, what arrives within this still counts as within the period. */
    static final Duration GRACE = Duration.ofSeconds(2);
    static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    /** A new lead's later events follow its first within this. */
    static final Duration NEW_LEAD_SPAN = Duration.ofSeconds(15);
    /** ENRICHER_NEW_LEAD_WAIT's default: the bound of a new lead's first-event delay is it + 2 s. */
    static final long FIRST_EVENT_BOUND_MS = Duration.ofSeconds(12).toMillis();

    public static final FigureSpec ON_ENRICHED = new FigureSpec("quota-day.on.enriched_ratio", NAME,
            "events enriched within the period ÷ events, sync and sweeps on", "x", Target.atLeast(0.99, ">= 99%"));
    public static final FigureSpec ON_QUOTA = new FigureSpec("quota-day.on.quota_share", NAME,
            "requests of the period (sync, sweeps, lookups) ÷ the quota, sync and sweeps on", "x", Target.atMost(0.30, "<= 30%"));
    public static final FigureSpec ON_PER_CALL = new FigureSpec("quota-day.on.leads_per_call", NAME,
            "distinct leads enriched ÷ requests, sync and sweeps on", "leads", Target.atLeast(100, ">= 100"));
    public static final FigureSpec ON_FIRST_P99 = new FigureSpec("quota-day.on.new_first_event_p99", NAME,
            "p99 delay of a new lead's first event (produced → enriched), sync and sweeps on", "ms",
            Target.atMost(FIRST_EVENT_BOUND_MS, "<= ENRICHER_NEW_LEAD_WAIT + 2s"));
    public static final FigureSpec ON_LIST = FigureSpec.info("quota-day.on.sync_calls", NAME, "GET /leads calls of the sync, sync and sweeps on", "calls");
    public static final FigureSpec ON_SWEEPS = FigureSpec.info("quota-day.on.sweep_calls", NAME,
            "GET /leads calls of sweeps, sync and sweeps on", "calls");
    public static final FigureSpec ON_LOOKUPS = FigureSpec.info("quota-day.on.lookup_calls", NAME,
            "GET /leads/{id} calls, sync and sweeps on", "calls");
    public static final FigureSpec NOSWEEP_ENRICHED = FigureSpec.info("quota-day.nosweep.enriched_ratio", NAME,
            "events enriched within the period ÷ events, sync on, sweeps off", "x");
    public static final FigureSpec NOSWEEP_QUOTA = FigureSpec.info("quota-day.nosweep.quota_share", NAME,
            "requests of the period ÷ the quota, sync on, sweeps off", "x");
    public static final FigureSpec NOSWEEP_LOOKUPS = FigureSpec.info("quota-day.nosweep.lookup_calls", NAME,
            "GET /leads/{id} calls, sync on, sweeps off: the by-id cost of new leads", "calls");
    public static final FigureSpec NOSWEEP_FIRST_P99 = FigureSpec.info("quota-day.nosweep.new_first_event_p99", NAME,
            "p99 delay of a new lead's first event, sync on, sweeps off", "ms");
    public static final FigureSpec OFF_ENRICHED = FigureSpec.info("quota-day.off.enriched_ratio", NAME,
            "events enriched within the period ÷ events, sync off (the contrast)", "x");
    public static final FigureSpec OFF_LEADS = new FigureSpec("quota-day.off.distinct_leads", NAME,
            "distinct leads enriched, sync off: the ceiling", "leads", Target.atMost(QUOTA, "<= 1000"));
    public static final FigureSpec OFF_LOOKUPS = FigureSpec.info("quota-day.off.lookup_calls", NAME,
            "GET /leads/{id} calls, sync off", "calls");

    /** Leads of the old-leads-only run: this many existing and as many unknown ids, one event each. */
    static final int OLD_LEADS = 300;
    public static final FigureSpec UNKNOWN_EXTRA = new FigureSpec("quota-day.unknown.extra_lookups", NAME,
            "lookups by id with the sync on (sweeps off) − with it off, old leads and as many unknown ids", "calls",
            Target.atMost(0, "<= 0 (the sync's own calls apart)"));
    public static final FigureSpec UNKNOWN_LIST = FigureSpec.info("quota-day.unknown.list_calls", NAME,
            "GET /leads calls of that run, sync on (the sync's own)", "calls");
    public static final FigureSpec UNKNOWN_SWEEP_EXTRA = new FigureSpec("quota-day.unknown.sweep_extra_lookups", NAME,
            "lookups by id with sweeps on − sweeps off, old leads and as many unknown ids", "calls",
            Target.atMost(0, "<= 0 (the sweeps' own calls apart)"));
    public static final FigureSpec UNKNOWN_SWEEP_CALLS = FigureSpec.info("quota-day.unknown.sweep_calls", NAME,
            "GET /leads calls of sweeps in that run (one poor sweep, then the back-off)", "calls");

    public QuotaDayScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    /** How a measurement runs the service. */
    private enum Mode {
        SWEEPS("on"), SYNC_ONLY("nosweep"), OFF("off");

        final String tag;

        Mode(String tag) {
            this.tag = tag;
        }
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(ON_ENRICHED, ON_QUOTA, ON_PER_CALL, ON_FIRST_P99, ON_LIST, ON_SWEEPS, ON_LOOKUPS, NOSWEEP_ENRICHED,
                NOSWEEP_QUOTA, NOSWEEP_LOOKUPS, NOSWEEP_FIRST_P99, OFF_ENRICHED, OFF_LEADS, OFF_LOOKUPS, UNKNOWN_EXTRA,
                UNKNOWN_LIST, UNKNOWN_SWEEP_EXTRA, UNKNOWN_SWEEP_CALLS);
    }

    /** What one measurement saw at the period's end. */
    private record Day(int events, long enriched, int distinctLeads, long syncCalls, long sweepCalls, long lookupCalls,
                       double firstEventP99Ms) {
        double requests() {
            return syncCalls + sweepCalls + lookupCalls;
        }
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        Day on = measure(Mode.SWEEPS, progress);
        Day nosweep = measure(Mode.SYNC_ONLY, progress);
        Day off = measure(Mode.OFF, progress);
        Map<String, Double> figures = new HashMap<>();
        figures.put(ON_ENRICHED.id(), (double) on.enriched() / on.events());
        figures.put(ON_QUOTA.id(), on.requests() / QUOTA);
        figures.put(ON_PER_CALL.id(), on.distinctLeads() / Math.max(1, on.requests()));
        figures.put(ON_FIRST_P99.id(), on.firstEventP99Ms());
        figures.put(ON_LIST.id(), (double) on.syncCalls());
        figures.put(ON_SWEEPS.id(), (double) on.sweepCalls());
        figures.put(ON_LOOKUPS.id(), (double) on.lookupCalls());
        figures.put(NOSWEEP_ENRICHED.id(), (double) nosweep.enriched() / nosweep.events());
        figures.put(NOSWEEP_QUOTA.id(), nosweep.requests() / QUOTA);
        figures.put(NOSWEEP_LOOKUPS.id(), (double) nosweep.lookupCalls());
        figures.put(NOSWEEP_FIRST_P99.id(), nosweep.firstEventP99Ms());
        figures.put(OFF_ENRICHED.id(), (double) off.enriched() / off.events());
        figures.put(OFF_LEADS.id(), (double) off.distinctLeads());
        figures.put(OFF_LOOKUPS.id(), (double) off.lookupCalls());
        long[] unknownSweeps = oldLeadsAndUnknownIds(Mode.SWEEPS, progress);
        long[] unknownSync = oldLeadsAndUnknownIds(Mode.SYNC_ONLY, progress);
        long[] unknownOff = oldLeadsAndUnknownIds(Mode.OFF, progress);
        figures.put(UNKNOWN_EXTRA.id(), (double) (unknownSync[0] - unknownOff[0]));
        figures.put(UNKNOWN_LIST.id(), (double) unknownSync[1]);
        figures.put(UNKNOWN_SWEEP_EXTRA.id(), (double) (unknownSweeps[0] - unknownSync[0]));
        figures.put(UNKNOWN_SWEEP_CALLS.id(), (double) (unknownSweeps[1] - unknownSync[1]));
        return figures;
    }

    private Day measure(Mode mode, Progress progress) throws Exception {
        SandboxOptions sandbox = AppRun.sandboxOptions(sizes.dayCatalog(), sizes.fastLatency())
                .quota(QUOTA).quotaPeriod(Duration.ofDays(1)).sendRetryAfter(true).build();
        try (AppRun run = AppRun.enricher(rig, NAME + "-" + mode.tag, sizes.partitions(),
                TopologySettings.defaults().maxInFlight(), sandbox, s -> tuned(s, mode))) {
            run.start();
            if (mode != Mode.OFF) {
                awaitSync(run, progress, sizes.dayCatalog());
            }
            long syncCalls = run.listCalls();
            List<String> leads = new ArrayList<>(run.catalog().ids());
            Collections.shuffle(leads, new Random(13));
            BenchEvents old = BenchEvents.uniform("quota-day events", leads.subList(0, sizes.dayLeads()),
                    sizes.dayLeads() * BenchSizes.DAY_EVENTS_PER_LEAD, 17);
            List<String> newLeads = new ArrayList<>();
            List<EventProducer.Timed> timeline = timeline(old, run.catalog(), newLeads);
            int events = timeline.size();
            try (OutputWatcher enriched = new OutputWatcher(run.bootstrapServers(), List.of(run.settings().outputTopic()),
                    (topic, r) -> r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))) {
                long[] sent = run.produceTimeline(timeline, progress);
                String out = run.settings().outputTopic();
                try {
                    enriched.await(w -> w.count(out), events, GRACE, progress, "events enriched");
                } catch (TimeoutException periodOver) {
                    // Not all enriched within the grace: what arrived by now is what the period enriched.
                }
                long countedAt = System.currentTimeMillis();
                long enrichedCount = enriched.count(out);
                double p99 = firstEventP99(timeline, sent, newLeads, enriched, countedAt);
                long listCalls = run.listCalls();
                return new Day(events, enrichedCount, enriched.distinctIdentities(), syncCalls, listCalls - syncCalls,
                        run.apiCalls(), p99);
            }
        }
    }

    /**
     * The period's events in time order: the old leads' evenly spread, and per new lead (created at a seeded time in
     * the first 90 % of the period) its creation, its first event at once and two more within {@link #NEW_LEAD_SPAN}.
     */
    private List<EventProducer.Timed> timeline(BenchEvents old, LeadCatalog catalog, List<String> newLeads) {
        long periodMs = sizes.dayPeriod().toMillis();
        List<EventProducer.Timed> timeline = new ArrayList<>(old.size() + 3 * sizes.dayNewLeads());
        for (int i = 0; i < old.size(); i++) {
            timeline.add(new EventProducer.Timed(i * periodMs / old.size(), old.key(i), old.value(i), null));
        }
        Random random = new Random(41);
        for (int n = 0; n < sizes.dayNewLeads(); n++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            newLeads.add(id);
            long createdAt = (long) (random.nextDouble() * periodMs * 0.9);
            timeline.add(new EventProducer.Timed(createdAt, "new-" + n + "-0", value(id, 0),
                    () -> catalog.create(id, Instant.now())));
            for (int e = 1; e < BenchSizes.DAY_EVENTS_PER_LEAD; e++) {
                long at = Math.min(periodMs, createdAt + 1 + (long) (random.nextDouble() * NEW_LEAD_SPAN.toMillis()));
                timeline.add(new EventProducer.Timed(at, "new-" + n + "-" + e, value(id, e), null));
            }
        }
        // Stable: a new lead's first event (added before its others) stays first at equal times.
        timeline.sort(Comparator.comparingLong(EventProducer.Timed::atMs));
        return timeline;
    }

    private static byte[] value(String leadId, int seq) {
        return ("{\"lead_id\":\"" + leadId + "\",\"type\":\"lead.created\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** p99 of (first output of a new lead − its first event's send time); a lead not enriched by the count counts as its wait so far. */
    private static double firstEventP99(List<EventProducer.Timed> timeline, long[] sent, List<String> newLeads,
                                        OutputWatcher enriched, long countedAt) {
        if (newLeads.isEmpty()) {
            return 0;
        }
        Map<String, Long> firstSent = new HashMap<>();
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).before() != null) {
                String key = timeline.get(i).key();
                firstSent.put(newLeads.get(Integer.parseInt(key.substring(4, key.lastIndexOf('-')))), sent[i]);
            }
        }
        long[] delays = new long[newLeads.size()];
        for (int i = 0; i < newLeads.size(); i++) {
            long arrived = enriched.firstArrivalMs(newLeads.get(i));
            long from = firstSent.get(newLeads.get(i));
            delays[i] = Math.max(0, (arrived < 0 ? countedAt : arrived) - from);
        }
        Arrays.sort(delays);
        return delays[(int) Math.min(delays.length - 1, Math.ceil(delays.length * 0.99) - 1)];
    }

    /**
     * Existing leads and as many ids Rotor does not know, one event each, all at once: the unknown ids cost their
     * lookup by id whatever the mode, and nothing else may. Returns {lookups by id, list calls after the first sync}
     * once every event is accounted for.
     */
    private long[] oldLeadsAndUnknownIds(Mode mode, Progress progress) throws Exception {
        SandboxOptions sandbox = AppRun.sandboxOptions(Math.max(OLD_LEADS, Math.min(sizes.dayCatalog(), 5_000)), sizes.fastLatency())
                .quota(QUOTA).quotaPeriod(Duration.ofDays(1)).sendRetryAfter(true).build();
        try (AppRun run = AppRun.enricher(rig, NAME + "-unknown-" + mode.tag, sizes.partitions(),
                TopologySettings.defaults().maxInFlight(), sandbox, s -> tuned(s, mode))) {
            run.start();
            if (mode != Mode.OFF) {
                awaitSync(run, progress, run.catalog().size());
            }
            List<String> ids = new ArrayList<>(run.catalog().ids().subList(0, OLD_LEADS));
            Random random = new Random(29);
            for (int i = 0; i < OLD_LEADS; i++) {
                ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
            }
            BenchEvents events = BenchEvents.distinct("old and unknown leads", ids, ids.size());
            run.produce(events, progress);
            run.watcher().await(OutputWatcher::distinctIdentities, events.size(), AppRun.AWAIT_TIMEOUT, progress,
                    "events accounted for");
            return new long[] {run.apiCalls(), run.listCalls()};
        }
    }

    private static TopologySettings tuned(TopologySettings s, Mode mode) {
        return s.with(Settings.ENRICHER_CATALOG_SYNC, mode != Mode.OFF)
                .with(Settings.ENRICHER_CATALOG_TOPIC, "catalog-" + s.applicationId())
                .with(Settings.ENRICHER_CATALOG_ARCHIVED, true)
                .with(Settings.ENRICHER_NEW_LEAD_WAIT, mode == Mode.SWEEPS ? Duration.ofSeconds(10) : Duration.ZERO);
    }

    /** Until the first sync has written every lead of the catalog (archived ones included) to the leads table. */
    private static void awaitSync(AppRun run, Progress progress, int leads) throws TimeoutException, InterruptedException {
        String table = run.settings().catalogTopic();
        try (OutputWatcher synced = new OutputWatcher(run.bootstrapServers(), List.of(table), null)) {
            synced.await(w -> w.count(table), leads, SYNC_TIMEOUT, progress, "leads synced");
        }
    }
}
