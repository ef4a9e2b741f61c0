package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.SharedGate;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps this instance's quota gate and the gate topic in step: adopts what other instances (or an earlier run)
 * published, read from the global {@code quota-gate} store, and says what to publish when this instance's gate
 * closes later than what the topic holds. So a 429 seen by one instance stops every instance, across restarts.
 * A closing is published again every {@link #REPUBLISH_AFTER} until the topic holds it: under exactly-once the
 * transaction that carried it may have aborted.
 */
final class GateSync {
    /** How long a published closing may take to come back through the global store before it is sent again. */
    static final Duration REPUBLISH_AFTER = Duration.ofSeconds(2);

    private final KeyValueStore<String, byte[]> gateStore;
    private final SharedGate gate;
    private final String gateKey;
    private final Published published;

    /** What this instance last published and the epoch it last saw, shared by its tasks. */
    static final class Published {
        private long closedUntilMs;
        private long atMs = Long.MIN_VALUE;
        private long epoch;
    }

    /**
     * @param gateStore the global store of the gate topic, or null where the topology has none
     * @param published this instance's last publication, shared by its tasks
     */
    GateSync(KeyValueStore<String, byte[]> gateStore, SharedGate gate, String gateKey, Published published) {
        this.gateStore = gateStore;
        this.gate = gate;
        this.gateKey = gateKey;
        this.published = published;
    }

    String gateKey() {
        return gateKey;
    }

    /** Takes what the gate topic holds for this key into this instance's gate. */
    void adopt() {
        GateRecord seen = held();
        if (seen != null) {
            gate.adopt(seen.state());
            synchronized (published) {
                published.epoch = Math.max(published.epoch, seen.epoch());
            }
        }
    }

    /**
     * The record to publish now: this instance's gate when it closes later than the topic holds, unless this
     * instance published that closing less than {@link #REPUBLISH_AFTER} ago.
     */
    Optional<GateRecord> toPublish(long nowMs) {
        GateState current = gate.current();
        long closedUntil = current.closedUntil().toEpochMilli();
        if (closedUntil <= nowMs) {
            return Optional.empty();
        }
        GateRecord held = held();
        if (held != null && closedUntil <= held.state().closedUntil().toEpochMilli()) {
            return Optional.empty(); // the topic holds this closing, or a later one
        }
        synchronized (published) {
            boolean newer = closedUntil > published.closedUntilMs;
            if (!newer && nowMs - published.atMs < REPUBLISH_AFTER.toMillis()) {
                return Optional.empty();
            }
            published.closedUntilMs = Math.max(published.closedUntilMs, closedUntil);
            published.atMs = nowMs;
            return Optional.of(new GateRecord(current, nowMs, GateRecord.thisInstance(), published.epoch));
        }
    }

    private GateRecord held() {
        return gateStore == null ? null : GateStateJson.decodeRecord(gateStore.get(gateKey));
    }
}
