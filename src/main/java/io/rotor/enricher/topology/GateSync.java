package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.SharedGate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps this instance's quota gate and the gate topic in step: adopts what other instances (or an earlier run)
 * published, read from the global {@code quota-gate} store, and says what to publish when this instance's gate
 * closes later than what the topic holds. So a 429 seen by one instance stops every instance, across restarts.
 */
final class GateSync {
    private final KeyValueStore<String, byte[]> gateStore;
    private final SharedGate gate;
    private final String gateKey;
    private final AtomicLong lastPublishedMs;

    /**
     * @param gateStore       the global store of the gate topic, or null where the topology has none
     * @param lastPublishedMs the closing time this instance last published, shared by its tasks
     */
    GateSync(KeyValueStore<String, byte[]> gateStore, SharedGate gate, String gateKey, AtomicLong lastPublishedMs) {
        this.gateStore = gateStore;
        this.gate = gate;
        this.gateKey = gateKey;
        this.lastPublishedMs = lastPublishedMs;
    }

    String gateKey() {
        return gateKey;
    }

    /** Takes what the gate topic holds for this key into this instance's gate. */
    void adopt() {
        if (gateStore == null) {
            return;
        }
        byte[] seen = gateStore.get(gateKey);
        if (seen != null) {
            gate.adopt(GateStateJson.decode(seen));
        }
    }

    /** The state to publish now: this instance's gate when it closes later than the topic and earlier publishes. */
    Optional<GateState> toPublish(long nowMs) {
        GateState current = gate.current();
        long closedUntil = current.closedUntil().toEpochMilli();
        if (closedUntil <= nowMs) {
            return Optional.empty();
        }
        long known = gateStore == null ? 0 : GateStateJson.decode(gateStore.get(gateKey)).closedUntil().toEpochMilli();
        long published = lastPublishedMs.get();
        if (closedUntil <= Math.max(known, published)) {
            return Optional.empty();
        }
        return lastPublishedMs.compareAndSet(published, closedUntil) ? Optional.of(current) : Optional.empty();
    }
}
