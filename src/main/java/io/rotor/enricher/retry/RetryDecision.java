package io.rotor.enricher.retry;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RetryState;

/** What {@link RetryPolicy} decided for one event after a failed (or refused) lookup. */
public sealed interface RetryDecision {
    /** The state to write on the retry or dead-letter record. */
    RetryState state();

    /** Park the event on the retry topic until {@code notBeforeMs}. */
    record Retry(long notBeforeMs, RetryState state) implements RetryDecision {
    }

    /** Send the event to the dead-letter topic. */
    record DeadLetter(DlqReason reason, RetryState state) implements RetryDecision {
    }
}
