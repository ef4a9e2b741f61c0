package io.rotor.enricher.topology;

import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.catalog.SweepPlan;
import io.rotor.enricher.catalog.SyncPlan;
import io.rotor.enricher.catalog.SyncProgress;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.rotor.DailyReset;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper.MappedLead;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's one catalog sync: the processor of the single-partition {@code <app>-catalog-sync} topic, so exactly one
 * task of one instance runs it and Kafka Streams moves it to another instance when that one goes. A wall-clock
 * punctuator drives {@link SyncPlan} as a state machine with at most one page request in flight, never a blocking
 * loop inside a transaction; every lead of a page goes to the leads table ({@code rotor.source: sync}), where the
 * lookup tasks learn it. The progress is in the changelogged {@code catalog-sync-progress} store, committed with the
 * page's records, so a crash or a move resumes at the next page; a zombie or a move can fetch the page in flight a
 * second time (at most one page: the one in flight), and its records are fenced by exactly-once.
 */
final class CatalogSyncProcessor implements Processor<String, byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSyncProcessor.class);
    static final String PROGRESS_KEY = "progress";
    /** How often the syncer looks at its page in flight and decides the next step. */
    static final Duration TICK = Duration.ofMillis(100);

    /** @param sweep a sweep's page, else the full sync's */
    private record InFlight(LeadListQuery query, CompletableFuture<LeadPage> page, boolean sweep) {
    }

    private final TopologySettings settings;
    private final TopologyPorts ports;
    private final LeadIdCheck leadIdCheck;
    private final SharedRuntime runtime;
    private final SyncPlan plan;
    private final SweepPlan sweepPlan;
    private SweepRunner sweeps;
    private final int limitBytes;
    private ProcessorContext<Object, Object> context;
    private CatalogWriter table;
    private KeyValueStore<String, byte[]> store;
    private SyncProgress progress;
    private InFlight inFlight;
    private String lastWait = "";
    private Cancellable punctuator;

    CatalogSyncProcessor(TopologySettings settings, TopologyPorts ports, LeadIdCheck leadIdCheck, SharedRuntime runtime) {
        this.settings = settings;
        this.ports = ports;
        this.leadIdCheck = leadIdCheck;
        this.runtime = runtime;
        DailyReset reset = new DailyReset(settings.values().get(Settings.ROTOR_QUOTA_RESET_TIME),
                settings.values().get(Settings.ROTOR_QUOTA_RESET_ZONE));
        this.plan = new SyncPlan(new SyncPlan.Config(settings.catalogSyncInterval(), settings.catalogDailyCalls(),
                settings.catalogArchived(), settings.catalogStage(), settings.catalogTags(), reset));
        this.sweepPlan = new SweepPlan(new SweepPlan.Config(settings.sweepMinInterval(), settings.sweepBackoff(),
                settings.catalogDailyCalls()));
        this.limitBytes = ports.limits().resolved(settings).catalogBytes();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        table = new CatalogWriter(context, ports.leadSerializer(), settings.catalogTopic(), limitBytes, runtime.catalogMetrics,
                CatalogRecords.Source.SYNC, EnricherTopology.SINK_SYNC_CATALOG);
        store = context.getStateStore(EnricherTopology.STORE_SYNC_PROGRESS);
        progress = SyncProgress.decode(store.get(PROGRESS_KEY));
        runtime.syncProgress.set(progress);
        sweeps = new SweepRunner(context, store, sweepPlan, new CatalogWriter(context, ports.leadSerializer(), settings.catalogTopic(),
                limitBytes, runtime.catalogMetrics, CatalogRecords.Source.SWEEP, EnricherTopology.SINK_SYNC_CATALOG), runtime.catalogMetrics);
        if (progress.running()) {
            LOG.info("Catalog sync resumes at page {} ({} leads per page, {} leads so far, {} of {} list calls today)",
                    progress.page(), progress.limit(), progress.leads(), progress.callsToday(), settings.catalogDailyCalls());
        }
        punctuator = context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // Miss signals from the lookup tasks (nothing writes to the sync topic: its one partition makes one task the syncer).
        long now = context.currentSystemTimeMs();
        sweeps.signal(record.key(), record.value(), plan.inQuotaDay(progress, now), now);
    }

    @Override
    public void close() {
        punctuator.cancel();
        runtime.syncProgress.set(null);
        inFlight = null; // an answer still on the wire is dropped: the next owner asks for that page again
    }

    private void tick(long nowMs) {
        if (inFlight != null) {
            if (!inFlight.page().isDone()) {
                return;
            }
            if (inFlight.sweep()) {
                save(sweeps.apply(progress, inFlight.query(), inFlight.page().join(), nowMs, this::writable));
                context.commit();
            } else {
                apply(inFlight, inFlight.page().join(), nowMs);
            }
            inFlight = null;
        }
        GateState gate = ports.gate().current();
        boolean closed = gate.isClosedAt(Instant.ofEpochMilli(nowMs));
        SweepPlan.Request sweep = closed ? null : sweeps.next(plan.inQuotaDay(progress, nowMs), nowMs);
        if (sweep != null) {
            // A sweep goes before the sync's next page: misses wait for it, the sync does not.
            save(sweep.sync());
            runtime.catalogMetrics.listCall();
            inFlight = new InFlight(sweep.query(), ports.lister().listLeads(sweep.query(), settings.catalogPageMaxBytes(),
                    io.rotor.enricher.rotor.CallPurpose.SWEEP), true);
            context.commit();
            return;
        }
        SyncProgress seen = closed && gate.reason() == Outcome.RATE_LIMITED && gate.closedUntil() != null
                ? plan.sawRateLimitedUntil(progress, gate.closedUntil()) : progress;
        SyncPlan.Step step = plan.next(seen, nowMs, closed);
        boolean starting = !progress.running() && step.progress().running()
                || step.progress().running() && step.progress().startedAtMs() != progress.startedAtMs();
        save(step.progress());
        if (step instanceof SyncPlan.Request request) {
            if (starting) {
                LOG.info("Catalog sync started ({} of {} list calls spent today)", progress.callsToday() - 1,
                        settings.catalogDailyCalls());
            }
            lastWait = "";
            runtime.catalogMetrics.listCall();
            inFlight = new InFlight(request.query(), ports.lister().listLeads(request.query(), settings.catalogPageMaxBytes()), false);
            context.commit(); // the call is counted against the day's share before its answer can be lost
        } else if (step instanceof SyncPlan.Wait wait && !wait.why().equals(lastWait)) {
            lastWait = wait.why();
            if (wait.why().equals("budget")) {
                LOG.warn("Catalog sync paused: its share of the daily quota ({} list calls, {} % of {}) is spent until {}; "
                        + "leads it has not reached are looked up by id", settings.catalogDailyCalls(),
                        settings.values().get(Settings.ENRICHER_CATALOG_DAILY_SHARE),
                        settings.values().get(Settings.ROTOR_DAILY_BUDGET), Instant.ofEpochMilli(progress.budgetDayMs()));
            } else if (wait.why().equals("gate") && progress.running()) {
                LOG.info("Catalog sync paused while the quota gate is closed; it starts again from the newest leads after the reset");
            }
        }
    }

    private void apply(InFlight asked, LeadPage page, long nowMs) {
        SyncPlan.Applied applied = plan.applied(progress, asked.query(), page, nowMs);
        int written = 0;
        for (MappedLead lead : applied.leads()) {
            if (writable(lead) && table.found(lead.lead().getId(), lead.lead(), lead.warnings(), nowMs, nowMs)) {
                written++;
            }
        }
        boolean completed = progress.running() && !applied.progress().running();
        if (page.outcome() != Outcome.FOUND && page.attempted()) {
            LOG.info("Catalog sync: page {} answered {}{}", asked.query().page(), page.outcome(),
                    page.tooLarge() ? " (over " + settings.catalogPageMaxBytes() + " bytes: asked again with half the limit)" : "");
        }
        save(applied.progress());
        if (completed) {
            LOG.info("Catalog sync done: {} leads in {}, {} of {} list calls spent today", progress.lastLeads(),
                    Durations.format(Duration.ofMillis(progress.lastDurationMs())), progress.callsToday(), settings.catalogDailyCalls());
        }
        if (written > 0) {
            context.commit();
        }
    }

    /** Whether a listed lead can go to the leads table: one without a usable id cannot (its lookup by id still serves it). */
    private boolean writable(MappedLead mapped) {
        String leadId = mapped.lead().getId();
        if (leadId == null || leadIdCheck.problem(leadId) != null) {
            runtime.catalogMetrics.unwritable();
            return false;
        }
        return true;
    }

    private void save(SyncProgress next) {
        if (!next.equals(progress)) {
            store.put(PROGRESS_KEY, next.encode());
            progress = next;
            runtime.syncProgress.set(next);
        }
    }
}
