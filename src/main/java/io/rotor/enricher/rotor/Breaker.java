package io.rotor.enricher.rotor;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-instance circuit breaker: ROTOR_BREAKER_FAILURES consecutive failures (UPSTREAM_ERROR, TIMEOUT, NETWORK,
 * BAD_RESPONSE) stop calls for the back-off; then exactly one probe call decides. A failed probe doubles the
 * back-off up to the ceiling; a successful one closes the breaker and resets it. Any other outcome means Rotor
 * answered, which resets the failure count. Not shared between instances: each sees its own network path.
 */
public final class Breaker {
    private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

    /** Outcomes that count as Rotor failing. */
    public static final Set<Outcome> FAILURES =
            EnumSet.of(Outcome.UPSTREAM_ERROR, Outcome.TIMEOUT, Outcome.NETWORK, Outcome.BAD_RESPONSE);

    public enum State { CLOSED, OPEN, PROBING }

    /** Permission for one call; a probe permit is the single call that decides whether the breaker closes. */
    public record Permit(boolean probe) {
    }

    private static final Permit NORMAL = new Permit(false);
    private static final Permit PROBE = new Permit(true);

    private final int threshold;
    private final Duration baseBackoff;
    private final Duration ceiling;
    private final Duration probeWindow;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Duration backoff;
    private Instant retryAt = Instant.EPOCH;
    private Outcome lastFailure;

    /**
     * @param probeWindow how long a probe can take at most (connect + response timeout); lookups refused while it
     *                    runs are told to come back after it
     */
    public Breaker(int threshold, Duration baseBackoff, Duration ceiling, Duration probeWindow) {
        if (threshold < 1) {
            throw new IllegalArgumentException("ROTOR_BREAKER_FAILURES must be at least 1, was " + threshold);
        }
        this.threshold = threshold;
        this.baseBackoff = Objects.requireNonNull(baseBackoff, "baseBackoff");
        this.ceiling = Objects.requireNonNull(ceiling, "ceiling");
        this.probeWindow = Objects.requireNonNull(probeWindow, "probeWindow");
        this.backoff = baseBackoff;
    }

    /** Either a permit for a call, or the refusal to return instead. */
    public sealed interface Admission permits Admitted, Refused {
    }

    public record Admitted(Permit permit) implements Admission {
    }

    public record Refused(LookupResult result) implements Admission {
    }

    public synchronized Admission admit(Instant now) {
        switch (state) {
            case CLOSED:
                return new Admitted(NORMAL);
            case OPEN:
                if (!now.isBefore(retryAt)) {
                    state = State.PROBING;
                    retryAt = now.plus(probeWindow);
                    return new Admitted(PROBE);
                }
                return new Refused(refuse());
            default:
                return new Refused(refuse());
        }
    }

    /** Re-checked just before a queued call goes on the wire: a normal permit lapses once the breaker left CLOSED. */
    public synchronized boolean stillAdmits(Permit permit) {
        return permit.probe() || state == State.CLOSED;
    }

    /** The probe did not go on the wire after all (e.g. the quota gate closed meanwhile): the next lookup probes. */
    public synchronized void abandon(Permit permit) {
        if (permit.probe() && state == State.PROBING) {
            state = State.OPEN;
            retryAt = Instant.EPOCH;
        }
    }

    /** The refusal a lookup gets right now (for a queued request whose normal permit lapsed). */
    public synchronized LookupResult refusalNow() {
        return refuse();
    }

    /** The outcome of a call made under {@code permit}. */
    public synchronized void record(Permit permit, Outcome outcome, Instant now) {
        boolean failure = FAILURES.contains(outcome);
        if (permit.probe()) {
            if (state != State.PROBING) {
                return;
            }
            if (failure) {
                backoff = min(backoff.multipliedBy(2), ceiling);
                open(outcome, now, "probe failed with " + outcome);
            } else {
                state = State.CLOSED;
                consecutiveFailures = 0;
                backoff = baseBackoff;
                LOG.info("Rotor circuit breaker closed: the probe call returned {}", outcome);
            }
            return;
        }
        // Late answers of calls started before the breaker opened do not move it; only the probe decides.
        if (state != State.CLOSED) {
            return;
        }
        if (!failure) {
            consecutiveFailures = 0;
            return;
        }
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            open(outcome, now, consecutiveFailures + " consecutive failures, the last " + outcome);
        }
    }

    public synchronized State state() {
        return state;
    }

    /** When the next probe may start (OPEN) or the probe will have decided (PROBING); EPOCH when CLOSED. */
    public synchronized Instant retryAt() {
        return state == State.CLOSED ? Instant.EPOCH : retryAt;
    }

    public synchronized Duration currentBackoff() {
        return backoff;
    }

    private void open(Outcome cause, Instant now, String why) {
        state = State.OPEN;
        lastFailure = cause;
        retryAt = now.plus(backoff);
        LOG.warn("Rotor circuit breaker open after {}: no calls until {} (back-off {}), then one probe call",
                why, retryAt, backoff);
    }

    private LookupResult refuse() {
        String message = state == State.PROBING
                ? "circuit breaker open (last failure " + lastFailure + "); a probe call is deciding"
                : "circuit breaker open after repeated " + lastFailure + "; next probe at " + retryAt;
        return LookupResult.refused(lastFailure, message, retryAt);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
