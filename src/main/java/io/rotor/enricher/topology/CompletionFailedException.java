package io.rotor.enricher.topology;

/**
 * Applying a lookup's completion failed. It is not the fault of the record being processed when it surfaced (the
 * completion was drained inside {@code process()}), so the processing handler answers FAIL instead of
 * dead-lettering that record; the replaced thread re-issues the lookup from the pending store.
 */
final class CompletionFailedException extends RuntimeException {
    CompletionFailedException(String leadIdFreeMessage, Throwable cause) {
        super(leadIdFreeMessage, cause);
    }
}
