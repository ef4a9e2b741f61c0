package io.rotor.enricher.serde.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The Schema Registry could not be used: unreachable, timed out, a 5xx (or 408/429) still failing after
 * the retries, or credentials it refuses (401/403). Never the record's fault: the caller must not park the
 * event in a dead-letter topic but fail the task so the event is processed again once the registry is back.
 *
 * <p>Deliberately NOT a subclass of Kafka's {@code SerializationException}: code that routes
 * {@code SerializationException}s (bad records) to a dead-letter topic cannot swallow an outage by catch
 * order, and Kafka's own {@code RetriableException} says what it is, a transient condition.
 */
public class RegistryUnavailableException extends RetriableException {
    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
