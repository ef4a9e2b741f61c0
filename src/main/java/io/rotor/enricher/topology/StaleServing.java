package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.time.Instant;

/**
 * ENRICHER_STALE_IF_ERROR's rule: an expired found lead inside the stale window is served when a fresh copy cannot
 * be had now, i.e. the gate is closed (429 or key fault), the breaker is open, or the lead's refresh ended in
 * UPSTREAM_ERROR, TIMEOUT, NETWORK or BAD_RESPONSE. Anything else (FOUND, NOT_FOUND, an answer about this one lead)
 * is routed as without the window. Events that asked for fresh data (ENRICHER_CACHE_BYPASS) are never served stale;
 * their callers check that. Pure, so every cause is tested without Kafka.
 */
final class StaleServing {
    private StaleServing() {
    }

    /** What lets a stale copy be served after {@code result}, with the gate as it is at {@code nowMs}; null: nothing. */
    static StaleCause causeOf(LookupResult result, GateState gate, long nowMs) {
        Outcome outcome = result.outcome();
        switch (outcome) {
            case RATE_LIMITED:
                return StaleCause.QUOTA;
            case UPSTREAM_ERROR, TIMEOUT, NETWORK, BAD_RESPONSE:
                // Not attempted: the open breaker refused it, carrying the failure that opened it.
                return result.attempted() ? StaleCause.valueOf(outcome.name()) : StaleCause.BREAKER;
            case AUTH_FAILED, UNEXPECTED_STATUS:
                // A refusal of the gate a key fault closed, or the answer that closed it; one lead's 403 closes nothing.
                return !result.attempted() || gate.isClosedAt(Instant.ofEpochMilli(nowMs)) ? StaleCause.KEY_FAULT : null;
            default:
                return null;
        }
    }

    /** What lets a stale copy be served at once, before any lookup: a gate closed at {@code nowMs}; null: open. */
    static StaleCause causeAtAdmission(GateState gate, long nowMs) {
        if (!gate.isClosedAt(Instant.ofEpochMilli(nowMs))) {
            return null;
        }
        return gate.reason() == null || gate.reason() == Outcome.RATE_LIMITED ? StaleCause.QUOTA : StaleCause.KEY_FAULT;
    }
}
