package io.rotor.enricher.envelope;

import io.rotor.enricher.rotor.Outcome;

/**
 * What an event's earlier failed lookups left behind; travels in the retry topic's headers and the pending store.
 *
 * @param attempts           real HTTP calls made for this event that did not find the lead
 * @param firstFailureMs     when the first failure happened (epoch ms), -1 before any
 * @param lastOutcome        the last failure's outcome, null before any
 * @param lastStatus         its HTTP status, 0 without a response
 * @param lastCode           Rotor's error_code, or null
 * @param lastMessage        Rotor's message or a short description, or null
 * @param notFoundRetries    NOT_FOUND retries already used
 * @param badResponseRetries BAD_RESPONSE retries already used
 */
public record RetryState(
        int attempts,
        long firstFailureMs,
        Outcome lastOutcome,
        int lastStatus,
        String lastCode,
        String lastMessage,
        int notFoundRetries,
        int badResponseRetries) {

    public static final RetryState NONE = new RetryState(0, -1, null, 0, null, null, 0, 0);

    public boolean failedBefore() {
        return lastOutcome != null;
    }
}
