package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies lookup answers to the waiting events of their lead, a bounded batch per drain: a hot lead with 100,000
 * pending events is never loaded into one list nor forwarded in one punctuation and one transaction. An answer
 * whose events are not all out stays here and goes on at the next drain (a commit is requested in between); the
 * lead cache learns a found lead once, before the first batch, so a crash in the middle finishes from the cache
 * ({@link #resumeFromCache}), not with another call.
 */
final class CompletionDrain {
    /** Records forwarded per drain, at most (a drain is a punctuation or one {@code process()} call). */
    static final int MAX_RECORDS_PER_DRAIN = 2_000;
    /** Bytes of waiting events forwarded per drain, at most: well inside the producer's 32 MiB buffer. */
    static final long MAX_BYTES_PER_DRAIN = 8L * 1024 * 1024;

    /**
     * What the waiting events of one lead get: a found lead's cache entry, a failure to route, or a failure with the
     * stale copy its events are served instead ({@code stale} set).
     */
    private record Answer(CachedLead found, boolean cacheHit, RuntimeException refused, LookupResult failure,
                          CacheAnswers.StaleCopy stale, boolean fromCatalog) {
        Answer(CachedLead found, boolean cacheHit, RuntimeException refused, LookupResult failure, CacheAnswers.StaleCopy stale) {
            this(found, cacheHit, refused, failure, stale, false);
        }
    }

    private final PendingEvents pending;
    private final LeadCache cache;
    private final Emitter emit;
    private final CacheAnswers answers;
    private final FailureRouter failures;
    private final Runnable requestCommit;
    private final CatalogWriter catalog;
    private final CatalogMetrics catalogMetrics;
    private final Map<String, Answer> unfinished = new LinkedHashMap<>();
    private int records;
    private long bytes;

    CompletionDrain(PendingEvents pending, LeadCache cache, Emitter emit, CacheAnswers answers, FailureRouter failures,
                    Runnable requestCommit, CatalogWriter catalog, CatalogMetrics catalogMetrics) {
        this.catalog = catalog;
        this.catalogMetrics = catalogMetrics;
        this.pending = pending;
        this.cache = cache;
        this.emit = emit;
        this.answers = answers;
        this.failures = failures;
        this.requestCommit = requestCommit;
    }

    /** A new drain: the budget is full again; answers left from the last one go first. */
    void start(long nowMs) {
        records = 0;
        bytes = 0;
        for (Iterator<Map.Entry<String, Answer>> it = unfinished.entrySet().iterator(); it.hasNext() && !exhausted(); ) {
            Map.Entry<String, Answer> e = it.next();
            if (finish(e.getKey(), e.getValue(), nowMs)) {
                it.remove();
            }
        }
    }

    boolean exhausted() {
        return records >= MAX_RECORDS_PER_DRAIN || bytes >= MAX_BYTES_PER_DRAIN;
    }

    /** Leads whose answer still has events to forward. */
    int unfinished() {
        return unfinished.size();
    }

    /** A lookup's answer: the cache learns it, then its events go out as far as this drain's budget allows. */
    void apply(String leadId, LookupResult result, long nowMs) {
        Answer answer;
        if (result.outcome() == Outcome.FOUND) {
            // Serialized once per fetch; the bytes go to every waiting event and, cached, to every later hit.
            byte[] value;
            RuntimeException refused = null;
            try {
                value = emit.serialize(result.lead());
            } catch (RuntimeException failure) {
                if (FailureRecords.isEnvironmentFailure(failure)) {
                    throw failure; // the registry or broker is down, not the event's fault: never dead-lettered
                }
                value = null;
                refused = failure;
            }
            CachedLead cached = cache.putFound(leadId, value, result.lead(), result.warnings(),
                    value == null ? null : emit.outputTooLarge(leadId, value), nowMs);
            answer = new Answer(cached, false, refused, null, null);
            catalog.found(leadId, result.lead(), result.warnings(), cached.fetchedAtMs(), nowMs);
        } else {
            if (result.outcome() == Outcome.NOT_FOUND && result.attempted()) {
                cache.putNotFound(leadId, result, nowMs); // a deleted lead: its stale copy is gone with it
                catalog.notFound(leadId, nowMs);
            }
            answer = new Answer(null, false, null, result, answers.staleCopyAfter(leadId, result, nowMs));
        }
        unfinished.remove(leadId); // a newer answer replaces what was left of an older one
        if (exhausted() || !finish(leadId, answer, nowMs)) {
            unfinished.put(leadId, answer);
        }
    }

    /**
     * The leads table brought the lead (cached as {@code cached}): its pending events finish from it as cache hits, as
     * far as this drain's budget allows. A lookup of the lead still in flight finds no event left.
     */
    void answerFromCatalog(String leadId, CachedLead cached, long nowMs) {
        Answer answer = new Answer(answers.current(leadId, cached), true, null, null, null, true);
        unfinished.remove(leadId);
        if (exhausted() || !finish(leadId, answer, nowMs)) {
            unfinished.put(leadId, answer);
        }
    }

    /** Events left pending by an earlier run whose lead the cache holds fresh: they finish from it, with no call. */
    void resumeFromCache(String leadId, CachedLead cached) {
        unfinished.put(leadId, new Answer(answers.current(leadId, cached), true, null, null, null));
    }

    /** Forwards the lead's events while the budget lasts; true when none is left. */
    private boolean finish(String leadId, Answer answer, long nowMs) {
        while (!exhausted()) {
            List<PendingEvents.Waiting> batch = pending.firstOf(leadId, MAX_RECORDS_PER_DRAIN - records,
                    MAX_BYTES_PER_DRAIN - bytes);
            if (batch.isEmpty()) {
                return true;
            }
            for (PendingEvents.Waiting w : batch) {
                route(w.event(), answer, nowMs);
                pending.remove(w.key());
                if (answer.fromCatalog()) {
                    catalogMetrics.completed(1);
                }
                records++;
                bytes += w.bytes();
            }
        }
        requestCommit.run();
        return false;
    }

    private void route(PendingEvent event, Answer answer, long nowMs) {
        CachedLead found = answer.found();
        if (answer.stale() != null) {
            answers.serveStale(event, answer.stale(), answer.failure(), nowMs);
        } else if (found == null) {
            failures.route(event, answer.failure(), nowMs);
        } else if (found.kind() == CachedLead.Kind.TOO_LARGE) {
            emit.deadLetter(event, DlqReason.LEAD_TOO_LARGE, found.message(), null, event.retry(), nowMs);
        } else if (found.kind() == CachedLead.Kind.OUTPUT) {
            emit.output(event, found.payload(), found.warnings(), found.fetchedAtMs(), answer.cacheHit(), false, nowMs);
        } else if (answer.refused() != null) {
            emit.serializationFailed(event, answer.refused(), nowMs);
        } else {
            // The serializer refused this lead when it was fetched: try it again, as for any hit.
            emit.output(event, LeadAvro.decode(found.payload()), found.warnings(), found.fetchedAtMs(), answer.cacheHit(),
                    false, nowMs);
        }
    }
}
