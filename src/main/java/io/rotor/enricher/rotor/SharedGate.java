package io.rotor.enricher.rotor;

/**
 * The part of the quota gate that is shared through Kafka: the topology reads {@link #current()} to publish it
 * to the gate topic, and {@link #adopt(GateState)}s what other instances (or an earlier run) published.
 * Implementations are thread-safe.
 */
public interface SharedGate {
    GateState current();

    /** Merges a state seen elsewhere: the gate stays closed until the later of the two closing times. */
    void adopt(GateState seen);

    /**
     * An operator reopened the gate (a higher epoch of the gate record, whose state is {@code epochState}): every
     * closing this gate took before {@code reopenedAt} ends; one it took since (a 429 after the reopening) stands.
     */
    void reopen(GateState epochState, java.time.Instant reopenedAt);
}
