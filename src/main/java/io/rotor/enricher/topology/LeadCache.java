package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RecordSize;
import io.rotor.enricher.rotor.LookupResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's {@code lead-cache}: what the lookup path knows of each lead ({@link CachedLead}), how long it stays
 * fresh (ENRICHER_CACHE_TTL for a found lead, ENRICHER_NOT_FOUND_TTL for a negative entry), how long after that a
 * found lead may still be served stale (ENRICHER_STALE_IF_ERROR), and the purge of what is past both. Per lead,
 * {@code fetched-at} never goes backwards, even when the wall clock steps back.
 */
final class LeadCache {
    private static final Logger LOG = LoggerFactory.getLogger(LeadCache.class);
    private final KeyValueStore<String, byte[]> store;
    private final Duration foundTtl;
    private final Duration notFoundTtl;
    private final long staleWindowMs;
    private final int entryLimitBytes;
    private final String changelogTopic;

    /**
     * @param staleWindow     ENRICHER_STALE_IF_ERROR: how long after expiry a found lead stays servable (zero: off)
     * @param entryLimitBytes the largest changelog record the cluster takes (see {@link RecordLimits})
     * @param changelogTopic  the store's changelog, named in what a too-large entry says
     */
    LeadCache(KeyValueStore<String, byte[]> store, Duration foundTtl, Duration notFoundTtl, Duration staleWindow,
              int entryLimitBytes, String changelogTopic) {
        this.store = store;
        this.foundTtl = foundTtl;
        this.notFoundTtl = notFoundTtl;
        this.staleWindowMs = staleWindow.toMillis();
        this.entryLimitBytes = entryLimitBytes;
        this.changelogTopic = changelogTopic;
    }

    /** The lead's entry, or null when there is none or it is in a format this release does not read (a miss). */
    CachedLead get(String leadId) {
        byte[] bytes = store.get(leadId);
        return bytes == null ? null : CachedLead.decode(bytes);
    }

    /**
     * Caches a found lead: {@code outputValue} as the lead serializer produced it, or, when the serializer refused
     * the lead, its plain Avro form ({@code outputValue} null). When {@code outputTooLarge} says the output topic
     * cannot take it, or the entry would not fit the changelog, a TOO_LARGE entry is cached instead, for as long.
     * Returns the entry cached.
     */
    CachedLead putFound(String leadId, byte[] outputValue, Lead lead, List<String> warnings, String outputTooLarge,
                        long nowMs) {
        return putFound(leadId, outputValue, lead, warnings, outputTooLarge, fetchedAtFor(leadId, nowMs),
                nowMs + foundTtl.toMillis(), CachedLead.Source.LOOKUP);
    }

    /**
     * Caches a found lead read from the leads table, fetched at {@code fetchedAtMs} (by whichever instance and
     * source), fresh for the TTL from then. The caller has checked that it is newer than the entry held.
     */
    CachedLead putFromCatalog(String leadId, byte[] outputValue, Lead lead, List<String> warnings, String outputTooLarge,
                              long fetchedAtMs) {
        return putFound(leadId, outputValue, lead, warnings, outputTooLarge, fetchedAtMs, fetchedAtMs + foundTtl.toMillis(),
                CachedLead.Source.CATALOG);
    }

    private CachedLead putFound(String leadId, byte[] outputValue, Lead lead, List<String> warnings, String outputTooLarge,
                                long fetchedAt, long expiresAt, CachedLead.Source source) {
        if (outputTooLarge != null) {
            return put(leadId, CachedLead.tooLarge(outputTooLarge, fetchedAt, expiresAt).withSource(source));
        }
        CachedLead entry = (outputValue != null
                ? CachedLead.output(outputValue, warnings, fetchedAt, expiresAt)
                : CachedLead.leadAvro(LeadAvro.encode(lead), warnings, fetchedAt, expiresAt))
                .withStaleUntil(expiresAt + staleWindowMs).withSource(source);
        byte[] encoded = entry.encode();
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(leadId), encoded.length, 0);
        if (size > entryLimitBytes) {
            return put(leadId, CachedLead.tooLarge("the lead's cache entry would be " + size + " bytes, over the "
                    + entryLimitBytes + " bytes the changelog " + changelogTopic + " and the producer accept", fetchedAt, expiresAt)
                    .withSource(source));
        }
        store.put(leadId, encoded);
        return entry;
    }

    /** The same entry with its output bytes framed for the current schema id (see {@link Emitter#reframed}). */
    CachedLead putReframed(String leadId, CachedLead entry, byte[] reframed) {
        CachedLead updated = new CachedLead(entry.kind(), entry.source(), CachedLead.schemaIdOf(reframed), reframed,
                entry.warnings(), entry.status(), entry.errorCode(), entry.message(), entry.fetchedAtMs(),
                entry.expiresAtMs(), entry.staleUntilMs());
        store.put(leadId, updated.encode());
        return updated;
    }

    /** Caches Rotor's NOT_FOUND answer (a real call's): later events of the lead are routed without a call. */
    void putNotFound(String leadId, LookupResult answer, long nowMs) {
        store.put(leadId, CachedLead.notFound(answer.httpStatus(), answer.errorCode(), answer.message(),
                fetchedAtFor(leadId, nowMs), nowMs + notFoundTtl.toMillis()).encode());
    }

    /**
     * Until when the entry may be served stale: a found lead's expiry plus the window in force (so release 0.1.0's
     * entries, which carry no stale-until, and entries written under another setting follow it); the expiry for any
     * other kind.
     */
    long staleUntil(CachedLead entry) {
        return entry.found() ? entry.expiresAtMs() + staleWindowMs : entry.expiresAtMs();
    }

    /** An expired found entry still inside the stale window at {@code nowMs}. */
    boolean staleServable(CachedLead entry, long nowMs) {
        return entry.found() && !entry.freshAt(nowMs) && nowMs < staleUntil(entry);
    }

    /** The lead's entry if {@link #staleServable}, else null. */
    CachedLead staleCopy(String leadId, long nowMs) {
        CachedLead entry = get(leadId);
        return entry != null && staleServable(entry, nowMs) ? entry : null;
    }

    /** Deletes every entry past its stale window at {@code nowMs} (its expiry, while stale serving is off), and every unreadable one. */
    void purgeExpired(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                CachedLead entry = CachedLead.decode(kv.value);
                if (entry == null || nowMs >= staleUntil(entry)) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    private CachedLead put(String leadId, CachedLead entry) {
        if (entry.kind() == CachedLead.Kind.TOO_LARGE) {
            try (var lead = org.slf4j.MDC.putCloseable(LogContext.LEAD, leadId)) {
                LOG.warn("Lead {}: {}. Its events go to the DLQ as {} without a call for {}; to carry such leads raise "
                        + "max.message.bytes of that topic and the producer's max.request.size", leadId, entry.message(),
                        DlqReason.LEAD_TOO_LARGE, Durations.format(foundTtl));
            }
        }
        store.put(leadId, entry.encode());
        return entry;
    }

    private long fetchedAtFor(String leadId, long nowMs) {
        CachedLead prior = get(leadId);
        return Math.max(nowMs, prior == null ? 0 : prior.fetchedAtMs());
    }
}
