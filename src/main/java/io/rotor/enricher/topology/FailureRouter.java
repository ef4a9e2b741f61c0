package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.retry.RetryDecision;
import io.rotor.enricher.retry.RetryPolicy;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.SharedGate;
import java.util.random.RandomGenerator;

/** Where an event goes when its lead could not be had: the retry topic or the DLQ, as {@link RetryPolicy} decides. */
final class FailureRouter {
    private final RetryPolicy policy;
    private final SharedGate gate;
    private final RandomGenerator random;
    private final Emitter emit;

    FailureRouter(RetryPolicy policy, SharedGate gate, RandomGenerator random, Emitter emit) {
        this.policy = policy;
        this.gate = gate;
        this.random = random;
        this.emit = emit;
    }

    void route(PendingEvent event, LookupResult result, long nowMs) {
        RetryDecision decision = policy.decide(result, event.retry(), nowMs, gate.current().closedUntil(), random);
        if (decision instanceof RetryDecision.Retry retry) {
            emit.retry(event, retry.notBeforeMs(), retry.state(), nowMs);
        } else {
            RetryDecision.DeadLetter dead = (RetryDecision.DeadLetter) decision;
            emit.deadLetter(event, dead.reason(), describe(dead.reason(), dead.state()), null, dead.state(), nowMs);
        }
    }

    /** A parked event past ENRICHER_MAX_RETRY_AGE ends in the DLQ without a call; true when it did. */
    boolean deadLetterIfExpired(PendingEvent event, long nowMs) {
        if (!policy.expired(event.retry(), nowMs)) {
            return false;
        }
        emit.deadLetter(event, DlqReason.RETRIES_EXHAUSTED,
                describe(DlqReason.RETRIES_EXHAUSTED, event.retry()), null, event.retry(), nowMs);
        return true;
    }

    /** The dead-letter message of a routing decision: why, and the last failure. */
    static String describe(DlqReason reason, RetryState state) {
        String cause = state.lastOutcome() + (state.lastStatus() > 0 ? " (HTTP " + state.lastStatus() + ")" : "")
                + (state.lastMessage() == null ? "" : ": " + state.lastMessage());
        return switch (reason) {
            case RETRIES_EXHAUSTED -> "retries exhausted after " + state.attempts() + " attempts; last cause " + cause;
            case NOT_FOUND -> "Rotor has no such lead after " + state.notFoundRetries() + " retries; " + cause;
            case BAD_RESPONSE -> "Rotor's response was not the documented envelope twice; " + cause;
            case REJECTED -> "the request for this lead was refused " + state.attempts() + " times; last " + cause;
            default -> cause;
        };
    }
}
