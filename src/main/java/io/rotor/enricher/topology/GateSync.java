package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.SharedGate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps this instance's quota gate and the gate topic in step: adopts what other instances (or an earlier run)
 * published, read from the global {@code quota-gate} store, and says what to publish when this instance's gate
 * closes later than what the topic holds. So a 429 seen by one instance stops every instance, across restarts.
 * A closing is published again every {@link #REPUBLISH_AFTER} until the topic holds it: under exactly-once the
 * transaction that carried it may have aborted. An operator's {@code gate open} publishes a higher epoch; this
 * instance then reopens ({@link SharedGate#reopen}) and its tasks release what waited for the cancelled closing
 * ({@link ReopenRelease}).
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
        /** -1 until this instance first read the store: the epoch it starts in is no reopening. */
        private long epoch = -1;
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

    /**
     * Takes what the gate topic holds for this key into this instance's gate: a closing merges (the later one wins);
     * a higher epoch than this instance saw so far (an operator's reopening) replaces the closings taken before it.
     */
    void adopt() {
        GateRecord seen = held();
        boolean reopened;
        synchronized (published) {
            long epoch = seen == null ? 0 : seen.epoch();
            reopened = published.epoch >= 0 && epoch > published.epoch;
            published.epoch = Math.max(published.epoch, epoch);
            if (reopened) {
                published.closedUntilMs = 0; // a closing published in the cancelled epoch must go out again if it recurs
            }
        }
        if (seen == null) {
            return;
        }
        if (reopened) {
            gate.reopen(seen.state(), Instant.ofEpochMilli(Math.max(0, seen.closedAtMs())));
        } else {
            gate.adopt(seen.state());
        }
    }

    /** The operator's reopening the topic holds, while this instance's gate is open; empty otherwise. */
    Optional<GateRecord> reopeningInForce(long nowMs) {
        GateRecord seen = held();
        if (seen == null || seen.reopening() == null || gate.current().isClosedAt(Instant.ofEpochMilli(nowMs))) {
            return Optional.empty();
        }
        return Optional.of(seen);
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
            return Optional.of(new GateRecord(current, nowMs, GateRecord.thisInstance(), Math.max(0, published.epoch)));
        }
    }

    private GateRecord held() {
        return gateStore == null ? null : GateStateJson.decodeRecord(gateStore.get(gateKey));
    }
}
