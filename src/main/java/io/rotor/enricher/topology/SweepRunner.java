package io.rotor.enricher.topology;

import io.rotor.enricher.catalog.SweepPlan;
import io.rotor.enricher.catalog.SweepProgress;
import io.rotor.enricher.catalog.SweepWatermark;
import io.rotor.enricher.catalog.SyncProgress;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper.MappedLead;
import io.rotor.enricher.rotor.LeadPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syncer's sweeps of the newest leads (issue 14), driven by {@link SweepPlan}: it keeps the signalled misses in the
 * changelogged {@code catalog-sweep-misses} store and the sweep's progress beside the sync's, writes each listed lead
 * to the leads table ({@code rotor.source: sweep}), counts the misses found, and after a complete sweep publishes the
 * {@link SweepWatermark} to every instance: when it started and which misses it covered and did not find.
 */
final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    static final String PROGRESS_KEY = "sweep";

    private final ProcessorContext<Object, Object> context;
    private final KeyValueStore<String, byte[]> progressStore;
    private final KeyValueStore<String, byte[]> misses;
    private final SweepPlan plan;
    private final CatalogWriter table;
    private final CatalogMetrics metrics;
    private SweepProgress sweep;
    private boolean announced;

    SweepRunner(ProcessorContext<Object, Object> context, KeyValueStore<String, byte[]> progressStore, SweepPlan plan,
                CatalogWriter table, CatalogMetrics metrics) {
        this.context = context;
        this.progressStore = progressStore;
        this.misses = context.getStateStore(EnricherTopology.STORE_SWEEP_MISSES);
        this.plan = plan;
        this.table = table;
        this.metrics = metrics;
        this.sweep = SweepProgress.decode(progressStore.get(PROGRESS_KEY));
    }

    SweepProgress progress() {
        return sweep;
    }

    /**
     * A miss signal from a lookup task, kept with its receipt number (a miss already kept gets a new one: its task
     * signalled again after the sweep before); dropped while sweeps are off (that task learns it from the watermark).
     */
    void signal(String leadId, byte[] value, SyncProgress day, long nowMs) {
        if (leadId == null || MissSignals.signalledAt(value) < 0 || !plan.accepts(sweep, day, nowMs)) {
            return;
        }
        SweepProgress kept = sweep.signalled();
        misses.put(leadId, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(kept.received()).array());
        save(kept);
    }

    private static long receipt(byte[] value) {
        return value == null || value.length != Long.BYTES ? 0 : java.nio.ByteBuffer.wrap(value).getLong();
    }

    /** The sweep's page to ask for now, or null; {@code day} is the sync's progress in the current quota day. */
    SweepPlan.Request next(SyncProgress day, long nowMs) {
        SweepPlan.Step step = plan.next(day, sweep, nowMs);
        if (step instanceof SweepPlan.Request request) {
            if (!sweep.running() && !announced) {
                announced = true; // once per task start: which instance sweeps, without a line per sweep
                LOG.info("Sweeps of the newest leads run on this instance (the first for {} signalled misses)",
                        sweep.received() - sweep.doneUpTo());
            }
            save(request.sweep());
            return request;
        }
        if (step instanceof SweepPlan.Off off) {
            metrics.sweep(CatalogMetrics.SweepResult.BUDGET);
            LOG.warn("Sweeps off until {}: the catalog's share of the daily quota is spent; new leads are looked up by id",
                    Instant.ofEpochMilli(off.untilMs()));
            dropMisses();
            save(off.sweep());
            publish(new SweepWatermark(-1, List.of(), true, off.untilMs(), SweepWatermark.OFF_BUDGET, nowMs), nowMs);
        } else if (step instanceof SweepPlan.Idle idle) {
            if (idle.dropMisses()) {
                dropMisses();
            }
            save(idle.sweep());
        }
        return null;
    }

    /** The answer to a sweep page: its leads go to the table ({@code writable} ones); returns the sync's progress after it. */
    SyncProgress apply(SyncProgress sync, LeadListQuery asked, LeadPage page, long nowMs, Predicate<MappedLead> writable) {
        SweepPlan.Applied applied = plan.applied(sync, sweep, asked, page);
        int found = 0;
        for (MappedLead lead : applied.leads()) {
            if (writable.test(lead)) {
                table.found(lead.lead().getId(), lead.lead(), lead.warnings(), nowMs, nowMs);
            }
            String id = lead.lead().getId();
            if (id != null && misses.get(id) != null) {
                misses.delete(id);
                found++;
            }
        }
        SweepProgress next = applied.sweep().found(found);
        if (!applied.ended()) {
            save(next);
            return applied.sync();
        }
        // Misses the sweep covered (received before it started) and did not find go by id; later ones wait for the next.
        List<String> missed = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        int chars = 0;
        if (applied.complete()) {
            try (KeyValueIterator<String, byte[]> all = misses.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> miss = all.next();
                    if (receipt(miss.value) <= next.coveredUpTo()) {
                        covered.add(miss.key);
                        if (SweepWatermark.fits(chars, miss.key)) {
                            missed.add(miss.key);
                            chars += miss.key.length() + 3;
                        }
                    }
                }
            }
        }
        covered.forEach(misses::delete);
        SweepProgress ended = plan.ended(next, applied.complete(), nowMs);
        boolean poor = ended.pausedUntilMs() != next.pausedUntilMs();
        save(ended);
        if (!applied.complete()) {
            metrics.sweep(CatalogMetrics.SweepResult.FAILED);
            LOG.info("Sweep stopped at page {}: {}; its misses wait for the next sweep or their lookup by id", asked.page(),
                    page.attempted() ? page.outcome() : "refused without a call");
            return applied.sync();
        }
        metrics.sweep(poor ? CatalogMetrics.SweepResult.POOR : CatalogMetrics.SweepResult.RESOLVED);
        if (poor) {
            LOG.info("Sweeps pause for {}: the last one resolved {} of its misses; misses go by id until {}",
                    Durations.format(java.time.Duration.ofMillis(ended.pausedUntilMs() - nowMs)), next.resolved(),
                    Instant.ofEpochMilli(ended.pausedUntilMs()));
        }
        publish(new SweepWatermark(next.startedAtMs(), missed, covered.size() == missed.size(),
                poor ? ended.pausedUntilMs() : 0, poor ? SweepWatermark.OFF_BACKOFF : "", nowMs), nowMs);
        return applied.sync();
    }

    private void publish(SweepWatermark watermark, long nowMs) {
        context.forward(new Record<>(SweepWatermark.KEY, watermark.encode(), nowMs), EnricherTopology.SINK_SWEEP_WATERMARK);
    }

    private void dropMisses() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = misses.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(misses::delete);
    }

    private void save(SweepProgress next) {
        if (!next.equals(sweep)) {
            progressStore.put(PROGRESS_KEY, next.encode());
            sweep = next;
        }
    }
}
