package io.rotor.enricher.retry;

import io.rotor.enricher.config.RetrySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The routing table of Rotor outcomes (README, "Routing of Rotor outcomes"), as a pure function: which failed
 * lookup is retried when, and which goes to the dead-letter topic. An attempt is a real HTTP call; a lookup the
 * closed gate or open breaker refused ({@code attempted == false}) waits for it to reopen and uses no attempt.
 */
public final class RetryPolicy {
    private final long backoffBaseMs;
    private final long backoffMaxMs;
    private final long rateLimitSpreadMs;
    private final int notFoundRetries;
    private final long notFoundDelayMs;
    private final int maxAttempts;
    private final long maxRetryAgeMs;

    public RetryPolicy(RetrySettings settings) {
        this.backoffBaseMs = Math.max(1, settings.retryBackoffBase().toMillis());
        this.backoffMaxMs = Math.max(backoffBaseMs, settings.retryBackoffMax().toMillis());
        this.rateLimitSpreadMs = Math.max(0, settings.rateLimitSpread().toMillis());
        this.notFoundRetries = settings.notFoundRetries();
        this.notFoundDelayMs = settings.notFoundDelay().toMillis();
        this.maxAttempts = settings.maxAttempts();
        this.maxRetryAgeMs = settings.maxRetryAge().toMillis();
    }

    /**
     * @param result          the failed or refused lookup (never FOUND)
     * @param state           what earlier failures of this event left
     * @param nowMs           wall-clock now
     * @param gateClosedUntil the quota gate's back-off end (EPOCH when open)
     * @param random          jitter source
     */
    public RetryDecision decide(LookupResult result, RetryState state, long nowMs, Instant gateClosedUntil, RandomGenerator random) {
        Outcome outcome = result.outcome();
        if (outcome == Outcome.FOUND) {
            throw new IllegalArgumentException("FOUND is not a failure");
        }
        long firstFailure = state.firstFailureMs() < 0 ? nowMs : state.firstFailureMs();
        int attempts = state.attempts() + (result.attempted() ? 1 : 0);
        int notFoundUsed = state.notFoundRetries();
        int badResponseUsed = state.badResponseRetries();
        RetryState next = new RetryState(attempts, firstFailure, outcome, result.httpStatus(), result.errorCode(),
                result.message(), notFoundUsed, badResponseUsed);

        if (nowMs - firstFailure >= maxRetryAgeMs) {
            return new RetryDecision.DeadLetter(DlqReason.RETRIES_EXHAUSTED, next);
        }
        long gateEnd = gateClosedUntil == null ? 0 : gateClosedUntil.toEpochMilli();
        if (!result.attempted()) {
            long resume = result.resumeAt() != null ? result.resumeAt().toEpochMilli()
                    : gateEnd > nowMs ? gateEnd : nowMs + backoffBaseMs;
            // A refused RATE_LIMITED event is part of the same herd as a 429'd one: spread it the same way.
            long spread = outcome == Outcome.RATE_LIMITED ? jitter(rateLimitSpreadMs, random) : 0;
            return new RetryDecision.Retry(Math.max(resume, nowMs) + spread, next);
        }
        return switch (outcome) {
            case RATE_LIMITED -> {
                long resume = result.resumeAt() != null ? result.resumeAt().toEpochMilli()
                        : gateEnd > nowMs ? gateEnd : nowMs + backoffBaseMs;
                yield new RetryDecision.Retry(Math.max(resume, nowMs) + jitter(rateLimitSpreadMs, random), next);
            }
            case AUTH_FAILED -> new RetryDecision.Retry(gateEnd > nowMs ? gateEnd : nowMs + backoff(attempts, random), next);
            // A closed gate means the status was taken as a key fault: wait for it like AUTH_FAILED. Else it was
            // about this lead: a few more tries, then the DLQ.
            case UNEXPECTED_STATUS -> gateEnd > nowMs
                    ? new RetryDecision.Retry(gateEnd, next)
                    : attempts >= maxAttempts
                            ? new RetryDecision.DeadLetter(DlqReason.REJECTED, next)
                            : new RetryDecision.Retry(nowMs + backoff(attempts, random), next);
            case UPSTREAM_ERROR, TIMEOUT, NETWORK -> attempts >= maxAttempts
                    ? new RetryDecision.DeadLetter(DlqReason.RETRIES_EXHAUSTED, next)
                    : new RetryDecision.Retry(nowMs + backoff(attempts, random), next);
            case BAD_RESPONSE -> badResponseUsed >= 1
                    ? new RetryDecision.DeadLetter(DlqReason.BAD_RESPONSE, next)
                    : new RetryDecision.Retry(nowMs + backoff(attempts, random), withBadResponseRetry(next));
            case NOT_FOUND -> notFoundUsed >= notFoundRetries
                    ? new RetryDecision.DeadLetter(DlqReason.NOT_FOUND, next)
                    : new RetryDecision.Retry(nowMs + notFoundDelayMs, withNotFoundRetry(next));
            case FOUND -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * When an event that failed before reaches ENRICHER_MAX_RETRY_AGE (epoch ms): a parked event is released by then
     * at the latest, and {@link #expired} routes it to the DLQ. {@code Long.MAX_VALUE} for an event that never failed.
     */
    public long ageDeadlineMs(RetryState state) {
        if (state.firstFailureMs() < 0) {
            return Long.MAX_VALUE;
        }
        long deadline = state.firstFailureMs() + maxRetryAgeMs;
        return deadline < state.firstFailureMs() ? Long.MAX_VALUE : deadline;
    }

    /** Whether the event has been failing for ENRICHER_MAX_RETRY_AGE: it ends as RETRIES_EXHAUSTED, with no call. */
    public boolean expired(RetryState state, long nowMs) {
        return nowMs >= ageDeadlineMs(state);
    }

    /**
     * Exponential back-off with jitter: the n-th attempt waits a uniform time between the base and
     * min(max, base × 2^(n−1)), so the first retry waits exactly the base and a crowd of failures spreads out.
     */
    long backoff(int attempts, RandomGenerator random) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        long ceiling = backoffBaseMs << doublings;
        if (ceiling <= 0 || ceiling > backoffMaxMs) {
            ceiling = backoffMaxMs;
        }
        return backoffBaseMs + (ceiling > backoffBaseMs ? random.nextLong(ceiling - backoffBaseMs + 1) : 0);
    }

    private static long jitter(long spreadMs, RandomGenerator random) {
        return spreadMs > 0 ? random.nextLong(spreadMs) : 0;
    }

    private static RetryState withNotFoundRetry(RetryState s) {
        return new RetryState(s.attempts(), s.firstFailureMs(), s.lastOutcome(), s.lastStatus(), s.lastCode(),
                s.lastMessage(), s.notFoundRetries() + 1, s.badResponseRetries());
    }

    private static RetryState withBadResponseRetry(RetryState s) {
        return new RetryState(s.attempts(), s.firstFailureMs(), s.lastOutcome(), s.lastStatus(), s.lastCode(),
                s.lastMessage(), s.notFoundRetries(), s.badResponseRetries() + 1);
    }
}
