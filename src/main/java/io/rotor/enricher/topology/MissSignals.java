package io.rotor.enricher.topology;

import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.catalog.SweepWatermark;
import io.rotor.enricher.rotor.SharedGate;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A lookup task's misses that wait for a sweep (issue 14): a lead the cache has never seen is signalled to the
 * syncer through the single-partition {@code miss-signals} repartition instead of being looked up by id at once. It
 * waits until the leads table answers it, until the watermark says a sweep that started after it did not find it,
 * until sweeps are off, or at most ENRICHER_NEW_LEAD_WAIT: then its lookup by id starts. Kept in memory only: after a
 * crash or a task move the successor looks the pending leads up by id (their events are in the pending store).
 */
final class MissSignals {
    private final ProcessorContext<Object, Object> context;
    private final long waitMs;
    private final KeyValueStore<String, byte[]> watermarks;
    private final CatalogMetrics metrics;
    private final LeadCache cache;
    private final LookupScheduler scheduler;
    private final SharedGate gate;
    /** Leads a predecessor left pending, to signal at the first tick (init() cannot forward). */
    private final List<String> later = new ArrayList<>();
    /** Lead → when its miss was signalled, oldest first. */
    private final LinkedHashMap<String, Long> waits = new LinkedHashMap<>();
    private byte[] watermarkBytes;
    private SweepWatermark watermark = SweepWatermark.NONE;

    MissSignals(ProcessorContext<Object, Object> context, Duration wait, CatalogMetrics metrics, LeadCache cache,
                LookupScheduler scheduler, SharedGate gate) {
        this.context = context;
        this.waitMs = wait.toMillis();
        this.watermarks = context.getStateStore(EnricherTopology.STORE_SWEEP_WATERMARK);
        this.metrics = metrics;
        this.cache = cache;
        this.scheduler = scheduler;
        this.gate = gate;
        // The watermark in force when the task starts: what it names was signalled by this task's predecessor.
        this.watermarkBytes = watermarks.get(SweepWatermark.KEY);
        this.watermark = SweepWatermark.decode(watermarkBytes);
    }

    static byte[] signalValue(long signalledAtMs) {
        return ByteBuffer.allocate(Long.BYTES).putLong(signalledAtMs).array();
    }

    /** The time a signal's value holds, or -1 when it is not one. */
    static long signalledAt(byte[] value) {
        return value == null || value.length != Long.BYTES ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /**
     * The lead of an event just stored pending: true when it waits for a sweep (signalled now, or already), false when
     * it goes by id now. Only a lead the cache has never seen (no entry, not even a negative one), with no lookup in
     * flight or queued, waits, and only while the gate is open and sweeps are on.
     */
    boolean waitsForSweep(String leadId, long nowMs) {
        if (waits.containsKey(leadId)) {
            return true;
        }
        if (scheduler.busy(leadId) || gate.current().isClosedAt(Instant.ofEpochMilli(nowMs)) || cache.get(leadId) != null) {
            return false;
        }
        if (watermark.offAt(nowMs)) { // as of the last tick's look at the watermark
            return false;
        }
        waits.put(leadId, nowMs);
        metrics.waiting.incrementAndGet();
        metrics.signalled();
        context.forward(new Record<>(leadId, signalValue(nowMs), nowMs), EnricherTopology.MISS_SIGNAL);
        return true;
    }

    /** The leads table answered the lead: it no longer waits. */
    void resolved(String leadId, CatalogRecords.Source source, long nowMs) {
        Long since = remove(leadId);
        if (since != null) {
            metrics.resolved(source == null ? CatalogRecords.Source.LOOKUP : source, nowMs - since);
        }
    }

    /** A lead left pending by the task's predecessor, which the cache has never seen: it waits for a sweep too. */
    void signalLater(String leadId) {
        later.add(leadId);
    }

    /** A drain tick: deferred leads are signalled; misses the watermark or the bound releases go to {@code byId}. */
    void tick(long nowMs, Consumer<String> byId) {
        for (String leadId : later) {
            if (!waitsForSweep(leadId, nowMs)) {
                byId.accept(leadId);
            }
        }
        later.clear();
        refresh(nowMs, byId);
        for (Iterator<Map.Entry<String, Long>> it = waits.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() + waitMs > nowMs) {
                return; // oldest first: the rest wait less
            }
            it.remove();
            metrics.waiting.decrementAndGet();
            metrics.byId(CatalogMetrics.ByIdWhy.WAIT, nowMs - e.getValue());
            byId.accept(e.getKey());
        }
    }

    void close() {
        metrics.waiting.addAndGet(-waits.size());
        waits.clear();
        later.clear();
    }

    /** Adopts a newly published watermark: the misses it names, or all of them when sweeps are off, go by id. */
    private void refresh(long nowMs, Consumer<String> byId) {
        byte[] bytes = watermarks.get(SweepWatermark.KEY);
        if (bytes == null || Arrays.equals(bytes, watermarkBytes)) {
            return;
        }
        watermarkBytes = bytes;
        watermark = SweepWatermark.decode(bytes);
        // The syncer names only misses it had received before the sweep started, which are signals of waits that
        // began before it: no clock comparison is needed (nor trustworthy: stream threads' clocks are cached).
        for (String leadId : watermark.missed()) {
            if (waits.containsKey(leadId)) {
                release(leadId, CatalogMetrics.ByIdWhy.MISSED, nowMs, byId);
            }
        }
        if (watermark.offAt(nowMs)) {
            for (String leadId : waits.keySet().toArray(new String[0])) {
                release(leadId, CatalogMetrics.ByIdWhy.OFF, nowMs, byId);
            }
        }
    }

    private void release(String leadId, CatalogMetrics.ByIdWhy why, long nowMs, Consumer<String> byId) {
        Long since = remove(leadId);
        metrics.byId(why, nowMs - since);
        byId.accept(leadId);
    }

    private Long remove(String leadId) {
        Long since = waits.remove(leadId);
        if (since != null) {
            metrics.waiting.decrementAndGet();
        }
        return since;
    }
}
