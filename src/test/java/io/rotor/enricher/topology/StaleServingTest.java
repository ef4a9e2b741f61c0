package io.rotor.enricher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stale-serving rule for every outcome, and the last-minute maximum behind the stale-age gauge, without Kafka. */
class StaleServingTest {
    private static final long NOW = 1_000_000;
    private static final GateState OPEN = GateState.OPEN;
    private static final GateState QUOTA = new GateState(Instant.ofEpochMilli(NOW + 60_000), Outcome.RATE_LIMITED, "429");
    private static final GateState KEY = new GateState(Instant.ofEpochMilli(NOW + 60_000), Outcome.AUTH_FAILED, "401");

    @Test
    void aRefreshAnsweredFoundOrNotFoundIsNoCause() {
        assertThat(StaleServing.causeOf(TopologyHarness.foundFor(io.rotor.enricher.testkit.Fixtures.leadId(1)), QUOTA, NOW)).isNull();
        assertThat(StaleServing.causeOf(LookupResult.failure(Outcome.NOT_FOUND, 404, "lead_not_found", "gone"), QUOTA, NOW))
                .as("a deleted lead ends stale serving, even with the gate closed").isNull();
    }

    @Test
    void a429AndTheGateItClosedAreTheQuota() {
        assertThat(StaleServing.causeOf(LookupResult.rateLimited(429, null, "spent", null), OPEN, NOW)).isEqualTo(StaleCause.QUOTA);
        assertThat(StaleServing.causeOf(LookupResult.refused(Outcome.RATE_LIMITED, "gate closed", null), QUOTA, NOW))
                .isEqualTo(StaleCause.QUOTA);
        assertThat(StaleServing.causeAtAdmission(QUOTA, NOW)).isEqualTo(StaleCause.QUOTA);
        assertThat(StaleServing.causeAtAdmission(QUOTA, NOW + 60_000)).as("reopened").isNull();
        assertThat(StaleServing.causeAtAdmission(OPEN, NOW)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"AUTH_FAILED", "UNEXPECTED_STATUS"})
    void aKeyFaultCountsOnlyWhenItClosedTheGate(Outcome outcome) {
        assertThat(StaleServing.causeOf(LookupResult.refused(outcome, "gate closed", null), KEY, NOW)).isEqualTo(StaleCause.KEY_FAULT);
        assertThat(StaleServing.causeOf(LookupResult.failure(outcome, 403, null, "forbidden"), KEY, NOW))
                .as("the answer that closed the gate").isEqualTo(StaleCause.KEY_FAULT);
        assertThat(StaleServing.causeOf(LookupResult.failure(outcome, 403, null, "forbidden"), OPEN, NOW))
                .as("one lead's answer, the gate open: about this lead, not Rotor's availability").isNull();
        assertThat(StaleServing.causeAtAdmission(KEY, NOW)).isEqualTo(StaleCause.KEY_FAULT);
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"UPSTREAM_ERROR", "TIMEOUT", "NETWORK", "BAD_RESPONSE"})
    void aFailedRefreshIsItsOutcomeAndARefusalIsTheBreaker(Outcome outcome) {
        assertThat(StaleServing.causeOf(LookupResult.failure(outcome, 0, null, "failed"), OPEN, NOW))
                .isEqualTo(StaleCause.valueOf(outcome.name()));
        assertThat(StaleServing.causeOf(LookupResult.refused(outcome, "breaker open", null), OPEN, NOW))
                .isEqualTo(StaleCause.BREAKER);
    }

    @Test
    void theRecentMaximumKeepsOneMinute() {
        RecentMaximum max = new RecentMaximum();
        assertThat(max.max()).isZero();
        max.record(5_000, NOW);
        max.record(9_000, NOW + 10_000);
        max.record(7_000, NOW + 20_000);
        assertThat(max.max()).isEqualTo(9_000);
        max.advance(NOW + 69_000);
        assertThat(max.max()).as("9,000 is 59 s old").isEqualTo(9_000);
        max.advance(NOW + 71_000);
        assertThat(max.max()).as("only the last 7,000 is within the minute").isEqualTo(7_000);
        max.advance(NOW + 200_000);
        assertThat(max.max()).isZero();
        max.record(1_000, NOW + 10_000);
        assertThat(max.max()).as("time never goes back for the gauge").isZero();
    }
}
