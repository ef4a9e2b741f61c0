package io.rotor.enricher.rotor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops every new Rotor call while the key cannot succeed: after a 429 until its resumeAt, and after an
 * AUTH_FAILED or UNEXPECTED_STATUS (configuration faults) for ROTOR_AUTH_BACKOFF. Lookups in that window are
 * refused at once without a call. The state is a plain {@link GateState} so the topology can share it between
 * instances and restarts; merging always keeps the later closing time. Thread-safe and lock-free.
 */
public final class QuotaGate implements SharedGate {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaGate.class);

    private final Duration configurationBackoff;
    private final Clock clock;
    private final AtomicReference<Held> held = new AtomicReference<>(new Held(GateState.OPEN, Instant.MIN));

    /** The state and when this gate took it: a reopening ends only the closings taken before it. */
    private record Held(GateState state, Instant since) {
    }

    public QuotaGate(Duration configurationBackoff, Clock clock) {
        this.configurationBackoff = Objects.requireNonNull(configurationBackoff, "configurationBackoff");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public GateState current() {
        return held.get().state();
    }

    @Override
    public void adopt(GateState seen) {
        if (seen == null || seen.reason() == null) {
            return;
        }
        Instant now = clock.instant();
        GateState before = merge(seen);
        if (before != null && !before.isClosedAt(now) && seen.isClosedAt(now)) {
            LOG.info("Rotor calls paused until {} ({}), as seen by another instance or an earlier run: {}",
                    seen.closedUntil(), seen.reason(), seen.detail());
        }
    }

    @Override
    public void reopen(GateState epochState, Instant reopenedAt) {
        Instant now = clock.instant();
        while (true) {
            Held cur = held.get();
            boolean takenSince = cur.state().isClosedAt(now) && cur.since().isAfter(reopenedAt);
            GateState next = takenSince && !epochState.closedUntil().isAfter(cur.state().closedUntil()) ? cur.state() : epochState;
            if (held.compareAndSet(cur, new Held(next, now))) {
                if (cur.state().isClosedAt(now) && !next.isClosedAt(now)) {
                    LOG.warn("Rotor calls resumed: the quota gate was reopened by an operator at {} ({}); it was closed until {} ({})",
                            reopenedAt, epochState.detail(), cur.state().closedUntil(), cur.state().reason());
                }
                return;
            }
        }
    }

    public boolean isClosedAt(Instant now) {
        return current().isClosedAt(now);
    }

    /** A refusal for a lookup at {@code now} if the gate is closed, with the reason and the time it reopens. */
    public Optional<LookupResult> refusal(Instant now) {
        GateState s = current();
        if (!s.isClosedAt(now)) {
            return Optional.empty();
        }
        return Optional.of(LookupResult.refused(s.reason(), "Rotor calls paused until " + s.closedUntil()
                + " (" + s.reason() + "): " + s.detail(), s.closedUntil()));
    }

    /** A 429: no call until {@code resumeAt}. */
    public void closeForRateLimit(Instant resumeAt, String detail, Instant now) {
        close(new GateState(resumeAt, Outcome.RATE_LIMITED, detail), now);
    }

    /**
     * An AUTH_FAILED or UNEXPECTED_STATUS: no call for the configuration back-off. {@code detail} names the
     * likely fix; it is logged once per back-off.
     */
    public void closeForConfiguration(Outcome reason, String detail, Instant now) {
        if (reason != Outcome.AUTH_FAILED && reason != Outcome.UNEXPECTED_STATUS) {
            throw new IllegalArgumentException("not a configuration fault: " + reason);
        }
        close(new GateState(now.plus(configurationBackoff), reason, detail), now);
    }

    private void close(GateState closing, Instant now) {
        GateState before = merge(closing);
        // Requests already on the wire return the same answer; only the one that opens a new back-off logs.
        if (before != null && (!before.isClosedAt(now) || before.reason() != closing.reason())) {
            LOG.warn("Rotor calls paused until {} ({}): {}", closing.closedUntil(), closing.reason(), closing.detail());
        }
    }

    /** Keeps the later closing time; returns the state replaced, or null when {@code candidate} did not win. */
    private GateState merge(GateState candidate) {
        while (true) {
            Held cur = held.get();
            if (!candidate.closedUntil().isAfter(cur.state().closedUntil())) {
                return null;
            }
            if (held.compareAndSet(cur, new Held(candidate, clock.instant()))) {
                return cur.state();
            }
        }
    }

    @Override
    public String toString() {
        return "QuotaGate[" + current() + "]";
    }
}
