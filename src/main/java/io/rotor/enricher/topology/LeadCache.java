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
 * fresh (ENRICHER_CACHE_TTL for a found lead, ENRICHER_NOT_FOUND_TTL for a negative entry), and the purge of what
 * expired. Per lead, {@code fetched-at} never goes backwards, even when the wall clock steps back.
 */
final class LeadCache {
    private static final Logger LOG = LoggerFactory.getLogger(LeadCache.class);
    private final KeyValueStore<String, byte[]> store;
    private final Duration foundTtl;
    private final Duration notFoundTtl;
    private final int entryLimitBytes;
    private final String changelogTopic;

    /**
     * @param entryLimitBytes the largest changelog record the cluster takes (see {@link RecordLimits})
     * @param changelogTopic  the store's changelog, named in what a too-large entry says
     */
    LeadCache(KeyValueStore<String, byte[]> store, Duration foundTtl, Duration notFoundTtl, int entryLimitBytes,
              String changelogTopic) {
        this.store = store;
        this.foundTtl = foundTtl;
        this.notFoundTtl = notFoundTtl;
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
        long fetchedAt = fetchedAtFor(leadId, nowMs);
        long expiresAt = nowMs + foundTtl.toMillis();
        if (outputTooLarge != null) {
            return put(leadId, CachedLead.tooLarge(outputTooLarge, fetchedAt, expiresAt));
        }
        CachedLead entry = outputValue != null
                ? CachedLead.output(outputValue, warnings, fetchedAt, expiresAt)
                : CachedLead.leadAvro(LeadAvro.encode(lead), warnings, fetchedAt, expiresAt);
        byte[] encoded = entry.encode();
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(leadId), encoded.length, 0);
        if (size > entryLimitBytes) {
            return put(leadId, CachedLead.tooLarge("the lead's cache entry would be " + size + " bytes, over the "
                    + entryLimitBytes + " bytes the changelog " + changelogTopic + " and the producer accept", fetchedAt, expiresAt));
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

    /** Deletes every entry that is no longer fresh at {@code nowMs}, and every unreadable one. */
    void purgeExpired(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                CachedLead entry = CachedLead.decode(kv.value);
                if (entry == null || !entry.freshAt(nowMs)) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    private CachedLead put(String leadId, CachedLead entry) {
        if (entry.kind() == CachedLead.Kind.TOO_LARGE) {
            LOG.warn("Lead {}: {}. Its events go to the DLQ as {} without a call for {}; to carry such leads raise "
                    + "max.message.bytes of that topic and the producer's max.request.size", leadId, entry.message(),
                    DlqReason.LEAD_TOO_LARGE, Durations.format(foundTtl));
        }
        store.put(leadId, entry.encode());
        return entry;
    }

    private long fetchedAtFor(String leadId, long nowMs) {
        CachedLead prior = get(leadId);
        return Math.max(nowMs, prior == null ? 0 : prior.fetchedAtMs());
    }
}
