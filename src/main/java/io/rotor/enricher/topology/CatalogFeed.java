package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.envelope.FailureRecords;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The cache learning from the leads table: a lead arriving there (from this task's lookups, another instance's, or
 * the sync) updates this task's cache unless the cache holds something as new, then answers every event of the lead
 * that waits: pending ones (through the drain, within its budget), a miss waiting for a sweep, a queued lookup (cancelled), parked retries
 * (released early through the by-lead index, a bounded slice per record and per drain tick, so a hot lead's 100,000
 * parked events never go out in one transaction). Releases not yet done when the task closes are not kept: those
 * events go out at their not-before, and the cache answers them then.
 */
final class CatalogFeed {
    private final String topic;
    private final int partitions;
    private final Duration ttl;
    private final Deserializer<Lead> deserializer;
    private final LeadIdCheck leadIdCheck;
    private final LeadCache cache;
    private final Emitter emit;
    private final CompletionDrain drain;
    private final LookupScheduler scheduler;
    private final RetryParking parking;
    private final MissSignals misses;
    private final CatalogMetrics metrics;
    private final Set<String> releasing = new LinkedHashSet<>();

    /** @param partitions the lead-id repartition topic's count, when known: records off their key's partition are ignored */
    CatalogFeed(String topic, OptionalInt partitions, Duration ttl, Deserializer<Lead> deserializer, LeadIdCheck leadIdCheck,
                LeadCache cache, Emitter emit, CompletionDrain drain, LookupScheduler scheduler, RetryParking parking,
                MissSignals misses, CatalogMetrics metrics) {
        this.topic = topic;
        this.partitions = partitions.orElse(0);
        this.ttl = ttl;
        this.deserializer = deserializer;
        this.leadIdCheck = leadIdCheck;
        this.cache = cache;
        this.emit = emit;
        this.drain = drain;
        this.scheduler = scheduler;
        this.parking = parking;
        this.misses = misses;
        this.metrics = metrics;
    }

    /** A record of the leads table, read from {@code partition}. */
    void accept(Record<String, byte[]> record, int partition, long nowMs, RetryParking.Release release) {
        String leadId = record.key();
        if (leadId == null || leadIdCheck.problem(leadId) != null) {
            metrics.ignored(CatalogMetrics.Ignored.UNREADABLE);
            return;
        }
        if (partitions > 0 && CatalogRecords.partitionOf(leadId, partitions) != partition) {
            metrics.ignored(CatalogMetrics.Ignored.WRONG_PARTITION);
            return;
        }
        if (record.value() == null) {
            metrics.ignored(CatalogMetrics.Ignored.TOMBSTONE);
            return;
        }
        long fetchedAt = CatalogRecords.fetchedAt(record.headers());
        if (fetchedAt < 0) {
            metrics.ignored(CatalogMetrics.Ignored.UNREADABLE);
            return;
        }
        CachedLead held = cache.get(leadId);
        if (held != null && held.fetchedAtMs() >= fetchedAt) {
            metrics.ignored(CatalogMetrics.Ignored.NOT_NEWER); // this task's own lookups come back this way too
            return;
        }
        if (fetchedAt + ttl.toMillis() <= nowMs) {
            metrics.ignored(CatalogMetrics.Ignored.EXPIRED);
            return;
        }
        Lead lead;
        try {
            lead = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException unreadable) {
            if (FailureRecords.isEnvironmentFailure(unreadable)) {
                throw unreadable; // the registry is down: the record is read again, never skipped
            }
            metrics.ignored(CatalogMetrics.Ignored.UNREADABLE);
            return;
        }
        if (lead == null) {
            metrics.ignored(CatalogMetrics.Ignored.UNREADABLE);
            return;
        }
        List<String> warnings = CatalogRecords.warnings(record.headers());
        byte[] value;
        try {
            value = emit.serialize(lead);
        } catch (RuntimeException refused) {
            if (FailureRecords.isEnvironmentFailure(refused)) {
                throw refused;
            }
            value = null; // cached in plain Avro, serialized again per hit, as after a lookup
        }
        CachedLead cached = cache.putFromCatalog(leadId, value, lead, warnings,
                value == null ? null : emit.outputTooLarge(leadId, value), fetchedAt);
        metrics.learned();
        if (misses != null) {
            misses.resolved(leadId, CatalogRecords.source(record.headers()), nowMs);
        }
        scheduler.cancelQueued(leadId);
        drain.answerFromCatalog(leadId, cached, nowMs);
        releasing.add(leadId);
        releaseParked(release);
    }

    /** A drain tick: parked releases left from earlier records go on. */
    void tick(RetryParking.Release release) {
        releaseParked(release);
    }

    private void releaseParked(RetryParking.Release release) {
        int[] released = {0};
        RetryParking.Release counted = (event, seq) -> {
            released[0]++;
            metrics.completed(1);
            release.admit(event, seq);
        };
        for (Iterator<String> it = releasing.iterator(); it.hasNext(); ) {
            int budget = RetryParking.MAX_RELEASE_PER_POLL - released[0];
            if (budget <= 0) {
                return;
            }
            if (parking.releaseLead(it.next(), budget, counted)) {
                it.remove();
            }
        }
    }
}
