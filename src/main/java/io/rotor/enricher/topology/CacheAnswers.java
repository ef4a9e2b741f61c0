package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.rotor.SharedGate;
import java.util.List;

/**
 * Events answered from the lead cache without waiting for Rotor: from a fresh entry, or, inside the stale window
 * (ENRICHER_STALE_IF_ERROR), from an expired copy while Rotor cannot answer ({@link StaleServing}). Every emission
 * from the cache says so ({@code rotor.cache-hit: true}) and whether it is stale ({@code rotor.stale}), and keeps
 * the entry's {@code fetched-at}.
 */
final class CacheAnswers {
    private final LeadCache cache;
    private final Emitter emit;
    private final FailureRouter failures;
    private final SharedGate gate;
    private final CacheBypassRule bypass;
    private final TopologyMetrics metrics;

    CacheAnswers(LeadCache cache, Emitter emit, FailureRouter failures, SharedGate gate, CacheBypassRule bypass,
                 TopologyMetrics metrics) {
        this.cache = cache;
        this.emit = emit;
        this.failures = failures;
        this.gate = gate;
        this.bypass = bypass;
        this.metrics = metrics;
    }

    /**
     * An event being admitted: answered from a fresh entry, or from a stale copy when the gate is closed now (no
     * lookup could be made); true when it was. False when it needs a lookup: no entry, the event asked for fresh
     * data, a NOT_FOUND retry, or an expired entry while the gate is open (the refresh is tried first).
     */
    boolean answerAtAdmission(PendingEvent event, long nowMs) {
        if (bypass.requestedBy(event.value())) {
            return false;
        }
        String leadId = event.leadId();
        CachedLead cached = cache.get(leadId);
        if (cached == null) {
            return false;
        }
        if (cached.freshAt(nowMs)) {
            return answerFresh(event, cached, nowMs);
        }
        StaleCause cause = cache.staleServable(cached, nowMs) ? StaleServing.causeAtAdmission(gate.current(), nowMs) : null;
        if (cause == null) {
            return false;
        }
        metrics.cacheHit();
        emitFound(event, current(leadId, cached), cause, nowMs);
        return true;
    }

    private boolean answerFresh(PendingEvent event, CachedLead cached, long nowMs) {
        switch (cached.kind()) {
            case OUTPUT, LEAD_AVRO -> emitFound(event, current(event.leadId(), cached), null, nowMs);
            case TOO_LARGE -> emit.deadLetter(event, DlqReason.LEAD_TOO_LARGE, cached.message(), null, event.retry(), nowMs);
            case NOT_FOUND -> {
                // A NOT_FOUND retry and a replayed dead letter bypass the negative cache: the lead may have appeared
                // meanwhile (which is why an operator replays NOT_FOUND dead letters).
                if (event.retry().lastOutcome() == Outcome.NOT_FOUND || replayed(event)) {
                    return false;
                }
                failures.route(event, new LookupResult(Outcome.NOT_FOUND, null, List.of(), cached.status(),
                        cached.errorCode(), cached.message(), null, true), nowMs);
            }
        }
        metrics.cacheHit();
        return true;
    }

    /**
     * After a failed refresh, the copy its waiting events get ({@link #serveStale}), or null: the failure is no cause
     * ({@link StaleServing#causeOf}) or the lead has no entry inside the stale window.
     */
    StaleCopy staleCopyAfter(String leadId, LookupResult failure, long nowMs) {
        StaleCause cause = StaleServing.causeOf(failure, gate.current(), nowMs);
        CachedLead copy = cause == null ? null : cache.staleCopy(leadId, nowMs);
        return copy == null ? null : new StaleCopy(current(leadId, copy), cause);
    }

    /** A waiting event of a lead whose refresh failed: the stale copy, unless the event asked for fresh data. */
    void serveStale(PendingEvent event, StaleCopy copy, LookupResult failure, long nowMs) {
        if (bypass.requestedBy(event.value())) {
            failures.route(event, failure, nowMs);
        } else {
            emitFound(event, copy.entry(), copy.cause(), nowMs);
        }
    }

    /** Emits a found entry (fresh when {@code stale} is null) as a cache hit. */
    void emitFound(PendingEvent event, CachedLead entry, StaleCause stale, long nowMs) {
        if (entry.kind() == CachedLead.Kind.OUTPUT) {
            emit.output(event, entry.payload(), entry.warnings(), entry.fetchedAtMs(), true, stale != null, nowMs);
        } else {
            // The serializer refused this lead when it was fetched: try it again, as for any hit.
            emit.output(event, LeadAvro.decode(entry.payload()), entry.warnings(), entry.fetchedAtMs(), true, stale != null,
                    nowMs);
        }
        if (stale != null) {
            metrics.staleEmitted(stale, nowMs - entry.fetchedAtMs(), nowMs);
        }
    }

    /** The entry with its output bytes framed for the serializer's current schema id (see {@link Emitter#reframed}). */
    CachedLead current(String leadId, CachedLead entry) {
        byte[] reframed = entry.kind() == CachedLead.Kind.OUTPUT ? emit.reframed(entry) : null;
        return reframed == null ? entry : cache.putReframed(leadId, entry, reframed);
    }

    /** An expired copy of a lead and what lets it be served. */
    record StaleCopy(CachedLead entry, StaleCause cause) {
    }

    private static boolean replayed(PendingEvent event) {
        for (org.apache.kafka.common.header.Header h : event.passHeaders()) {
            if (h.key().equals(io.rotor.enricher.envelope.HeaderNames.REPLAY_COUNT)) {
                return true;
            }
        }
        return false;
    }
}
