package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import java.util.Objects;

/**
 * One value of the gate topic: a closing of the quota gate, who published it and when, and the epoch it belongs
 * to. Closings of one epoch merge by the latest closed-until, whatever order they arrive in; a record of a higher
 * epoch (an operator reopening the gate) beats every closing of the epochs before it. Encoded by
 * {@link GateStateJson}; the previous release's records, without version, are epoch 0.
 *
 * @param closedAtMs when the closing was published (epoch ms), -1 when the record does not say
 * @param closedBy   the instance that published it ({@link #thisInstance()}), null when the record does not say
 */
public record GateRecord(GateState state, long closedAtMs, String closedBy, long epoch) {
    private static final String THIS_INSTANCE = hostName() + "/" + ProcessHandle.current().pid();

    public GateRecord {
        Objects.requireNonNull(state, "state");
    }

    /** A record of the previous release's format: a state only. */
    static GateRecord legacy(GateState state) {
        return new GateRecord(state, -1, null, 0);
    }

    /** What the store holds after {@code incoming} arrives where {@code held} was (either may be null). */
    public static GateRecord merge(GateRecord held, GateRecord incoming) {
        if (held == null) {
            return incoming;
        }
        if (incoming == null || incoming.epoch < held.epoch) {
            return held;
        }
        if (incoming.epoch > held.epoch) {
            return incoming;
        }
        return incoming.state.closedUntil().isAfter(held.state.closedUntil()) ? incoming : held;
    }

    /** This process, as {@code closedBy} names it: host name and process id, nothing secret. */
    static String thisInstance() {
        return THIS_INSTANCE;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "unknown-host" : host.strip();
    }
}
