package io.rotor.enricher.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final long NOW = 1_800_000_000_000L;
    private final TopologySettings settings = TopologySettings.defaults();
    private final RetryPolicy policy = new RetryPolicy(settings.retry());
    private final SplittableRandom random = new SplittableRandom(5);

    private RetryDecision decide(LookupResult result, RetryState state) {
        return policy.decide(result, state, NOW, Instant.EPOCH, random);
    }

    @Test
    void transientOutcomesBackOffExponentiallyWithinBaseAndMax() {
        for (int attempts = 0; attempts < 9; attempts++) {
            RetryState state = new RetryState(attempts, NOW - 1000, Outcome.TIMEOUT, 0, null, null, 0, 0);
            for (int i = 0; i < 200; i++) {
                RetryDecision.Retry retry = (RetryDecision.Retry) decide(LookupResult.failure(Outcome.NETWORK, 0, null, "reset"), state);
                long delay = retry.notBeforeMs() - NOW;
                long ceiling = Math.min(settings.retryBackoffMax().toMillis(), settings.retryBackoffBase().toMillis() << attempts);
                assertThat(delay).isBetween(settings.retryBackoffBase().toMillis(), ceiling);
                assertThat(retry.state().attempts()).isEqualTo(attempts + 1);
                assertThat(retry.state().firstFailureMs()).isEqualTo(NOW - 1000);
            }
        }
    }

    @Test
    void theTenthFailedAttemptIsExhausted() {
        RetryState nine = new RetryState(9, NOW - 1000, Outcome.UPSTREAM_ERROR, 500, null, null, 0, 0);
        RetryDecision decision = decide(LookupResult.failure(Outcome.UPSTREAM_ERROR, 503, "X", "down"), nine);
        assertThat(decision).isEqualTo(new RetryDecision.DeadLetter(DlqReason.RETRIES_EXHAUSTED,
                new RetryState(10, NOW - 1000, Outcome.UPSTREAM_ERROR, 503, "X", "down", 0, 0)));
    }

    @Test
    void ageExhaustsEveryOutcomeIncludingRateLimitedAndRefusals() {
        RetryState old = new RetryState(1, NOW - Duration.ofDays(7).toMillis(), Outcome.RATE_LIMITED, 429, null, null, 0, 0);
        assertThat(decide(LookupResult.rateLimited(429, null, "quota", Instant.ofEpochMilli(NOW + 1000)), old))
                .isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(decide(LookupResult.refused(Outcome.RATE_LIMITED, "closed", Instant.ofEpochMilli(NOW + 1000)), old))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void rateLimitedIsBoundedByAgeOnly() {
        RetryState many = new RetryState(50, NOW - 1000, Outcome.RATE_LIMITED, 429, null, null, 0, 0);
        RetryDecision.Retry retry = (RetryDecision.Retry) decide(
                LookupResult.rateLimited(429, null, "quota", Instant.ofEpochMilli(NOW + 60_000)), many);
        assertThat(retry.notBeforeMs()).isBetween(NOW + 60_000, NOW + 60_000 + settings.rateLimitSpread().toMillis());
    }

    @Test
    void refusalsUseNoAttempt() {
        RetryDecision.Retry retry = (RetryDecision.Retry) decide(
                LookupResult.refused(Outcome.AUTH_FAILED, "closed", Instant.ofEpochMilli(NOW + 5000)), RetryState.NONE);
        assertThat(retry.state().attempts()).isZero();
        assertThat(retry.notBeforeMs()).isEqualTo(NOW + 5000);
        assertThat(retry.state().firstFailureMs()).isEqualTo(NOW);
    }

    @Test
    void authFailedWaitsForTheGateWithoutALimitOfAttempts() {
        long gateEnd = NOW + 600_000;
        RetryDecision.Retry retry = (RetryDecision.Retry) policy.decide(LookupResult.failure(Outcome.AUTH_FAILED, 401, null, "x"),
                new RetryState(40, NOW, Outcome.AUTH_FAILED, 401, null, null, 0, 0), NOW, Instant.ofEpochMilli(gateEnd), random);
        assertThat(retry.notBeforeMs()).isEqualTo(gateEnd);
    }

    @Test
    void anUnexpectedStatusIsRetriedLikeATransientFailureThenRejected() {
        LookupResult forbidden = LookupResult.failure(Outcome.UNEXPECTED_STATUS, 403, null, "HTTP 403 without Rotor's error envelope");
        RetryDecision.Retry first = (RetryDecision.Retry) decide(forbidden, RetryState.NONE);
        assertThat(first.notBeforeMs()).isEqualTo(NOW + settings.retryBackoffBase().toMillis());
        assertThat(first.state().attempts()).isEqualTo(1);

        // When the status closed the gate (a key fault), the retry waits for the gate's end.
        long gateEnd = NOW + 600_000;
        RetryDecision.Retry afterGate = (RetryDecision.Retry) policy.decide(forbidden, first.state(), NOW,
                Instant.ofEpochMilli(gateEnd), random);
        assertThat(afterGate.notBeforeMs()).isEqualTo(gateEnd);

        RetryState nineAttempts = new RetryState(settings.maxAttempts() - 1, NOW, Outcome.UNEXPECTED_STATUS, 403, null, "x", 0, 0);
        RetryDecision last = decide(forbidden, nineAttempts);
        assertThat(last).isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(((RetryDecision.DeadLetter) last).reason()).isEqualTo(DlqReason.REJECTED);
        assertThat(((RetryDecision.DeadLetter) last).state().lastStatus()).isEqualTo(403);
    }

    @Test
    void notFoundAndBadResponseHaveTheirOwnBudgets() {
        LookupResult notFound = LookupResult.failure(Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found");
        RetryDecision.Retry first = (RetryDecision.Retry) decide(notFound, RetryState.NONE);
        assertThat(first.notBeforeMs()).isEqualTo(NOW + settings.notFoundDelay().toMillis());
        assertThat(decide(notFound, first.state())).isEqualTo(new RetryDecision.DeadLetter(DlqReason.NOT_FOUND,
                new RetryState(2, NOW, Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found", 1, 0)));
        RetryPolicy noRetries = new RetryPolicy(settings.with(Settings.ENRICHER_NOT_FOUND_RETRIES, 0).retry());
        assertThat(noRetries.decide(notFound, RetryState.NONE, NOW, Instant.EPOCH, random)).isInstanceOf(RetryDecision.DeadLetter.class);

        LookupResult bad = LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, "html");
        RetryDecision.Retry once = (RetryDecision.Retry) decide(bad, RetryState.NONE);
        assertThat(once.state().badResponseRetries()).isEqualTo(1);
        assertThat(((RetryDecision.DeadLetter) decide(bad, once.state())).reason()).isEqualTo(DlqReason.BAD_RESPONSE);
    }

    @Test
    void foundIsNotAFailure() {
        assertThatThrownBy(() -> decide(LookupResult.found(io.rotor.enricher.testkit.Fixtures.lead("abcdefgh-1"), java.util.List.of()), RetryState.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
