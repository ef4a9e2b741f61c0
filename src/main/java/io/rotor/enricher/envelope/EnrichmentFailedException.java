package io.rotor.enricher.envelope;

/**
 * Names, in the KIP-1034 {@code __streams.errors.exception} header, a dead-letter record that no exception
 * caused (an invalid event, Rotor's final answer). Carries no stack trace: there is none worth reading.
 */
public final class EnrichmentFailedException extends RuntimeException {
    public EnrichmentFailedException(DlqReason reason, String message) {
        super(reason + ": " + message, null, false, false);
    }
}
