package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import java.util.Objects;

/**
 * One value of the gate topic: a closing of the quota gate, who published it and when, and the epoch it belongs
 * to. Closings of one epoch merge by the latest closed-until, whatever order they arrive in; a record of a higher
 * epoch (an operator reopening the gate) beats every closing of the epochs before it. Encoded by
 * {@link GateStateJson}; the previous release's records, without version, are epoch 0.
 *
 * @param closedAtMs when the record was published (epoch ms), -1 when the record does not say
 * @param closedBy   the instance (or operator) that published it ({@link #thisInstance()}), null when not said
 * @param reopening  set on an operator's reopening ({@code gate open}): what it cancelled and how to release
 */
public record GateRecord(GateState state, long closedAtMs, String closedBy, long epoch, Reopening reopening) {
    private static final String THIS_INSTANCE = hostName() + "/" + ProcessHandle.current().pid();

    /**
     * What {@code gate open} cancelled: the closing it ended (its closed-until and reason), and the spread over
     * which instances release the events parked for it, so a small quota increase is not spent in seconds.
     */
    public record Reopening(long cancelledUntilMs, Outcome cancelledReason, long spreadMs) {
        public Reopening {
            Objects.requireNonNull(cancelledReason, "cancelledReason");
            if (spreadMs < 0) {
                throw new IllegalArgumentException("spreadMs < 0");
            }
        }
    }

    public GateRecord {
        Objects.requireNonNull(state, "state");
        if (reopening != null && state.reason() != null) {
            throw new IllegalArgumentException("a reopening is an open state");
        }
    }

    public GateRecord(GateState state, long closedAtMs, String closedBy, long epoch) {
        this(state, closedAtMs, closedBy, epoch, null);
    }

    /** An operator's reopening of {@code held}: the next epoch, open from {@code atMs}. */
    public static GateRecord reopeningOf(GateRecord held, long atMs, String by, String detail, long spreadMs) {
        return new GateRecord(new GateState(java.time.Instant.EPOCH, null, detail), atMs, by, held.epoch() + 1,
                new Reopening(held.state().closedUntil().toEpochMilli(), held.state().reason(), spreadMs));
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
    public static String thisInstance() {
        return THIS_INSTANCE;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "unknown-host" : host.strip();
    }
}
