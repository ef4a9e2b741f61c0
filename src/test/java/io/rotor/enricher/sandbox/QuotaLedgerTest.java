package io.rotor.enricher.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T23:59:50Z"));

    @Test
    void admitsQuotaPerKeyThenRefusesUntilThePeriodEnds() {
        QuotaLedger ledger = new QuotaLedger(2, Duration.ofDays(1), clock);
        assertThat(ledger.admit("a").allowed()).isTrue();
        assertThat(ledger.admit("a").allowed()).isTrue();
        QuotaLedger.Admission third = ledger.admit("a");
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfterSeconds()).isEqualTo(10);
        assertThat(ledger.admit("b").allowed()).as("another key has its own quota").isTrue();

        clock.advance(Duration.ofSeconds(10)); // 00:00 UTC: a new day
        assertThat(ledger.admit("a").allowed()).isTrue();
        assertThat(ledger.periodEnd(clock.instant())).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    }

    @Test
    void retryAfterRoundsUpAndIsAtLeastOneSecond() {
        clock.set(Instant.parse("2026-11-26T23:59:59.999Z"));
        QuotaLedger ledger = new QuotaLedger(1, Duration.ofDays(1), clock);
        ledger.admit("a");
        assertThat(ledger.admit("a").retryAfterSeconds()).isEqualTo(1);
        clock.set(Instant.parse("2026-11-26T23:59:58.5Z"));
        assertThat(ledger.admit("a").retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void lateArrivalsAreRequestsAfterTheFirst429WasSentInThisPeriod() {
        QuotaLedger ledger = new QuotaLedger(1, Duration.ofSeconds(5), clock);
        assertThat(ledger.admit("a").lateArrival()).isFalse();
        QuotaLedger.Admission refused = ledger.admit("a");
        QuotaLedger.Admission inFlight = ledger.admit("a"); // arrived before the 429 left
        assertThat(refused.lateArrival()).isFalse();
        assertThat(inFlight.lateArrival()).isFalse();
        ledger.rateLimitSent("a", refused.period());
        assertThat(ledger.admit("a").lateArrival()).isTrue();
        assertThat(ledger.admit("b").lateArrival()).isFalse();

        clock.advance(Duration.ofSeconds(5));
        QuotaLedger.Admission nextPeriod = ledger.admit("a");
        assertThat(nextPeriod.allowed()).isTrue();
        assertThat(nextPeriod.lateArrival()).isFalse();
        ledger.rateLimitSent("a", refused.period()); // a 429 of the old period leaving late changes nothing
        assertThat(ledger.admit("a").lateArrival()).isFalse();
    }

    @Test
    void noQuotaAdmitsEverything() {
        QuotaLedger ledger = new QuotaLedger(SandboxOptions.NO_QUOTA, Duration.ofDays(1), clock);
        for (int i = 0; i < 5_000; i++) {
            assertThat(ledger.admit("a").allowed()).isTrue();
        }
    }

    @Test
    void aSpentPeriodRefusesEveryKeyUntilItEnds() {
        QuotaLedger ledger = new QuotaLedger(SandboxOptions.NO_QUOTA, Duration.ofDays(1), clock);
        assertThat(ledger.admit("a").allowed()).isTrue();
        ledger.spendCurrentPeriod();
        QuotaLedger.Admission refused = ledger.admit("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
        assertThat(ledger.admit("b").allowed()).as("every key").isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(ledger.admit("a").allowed()).as("the next period is the quota's again").isTrue();
    }

    @Test
    void aRestoredQuotaAdmitsAgainWithinThePeriod() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-05-01T12:00:00Z"));
        QuotaLedger ledger = new QuotaLedger(SandboxOptions.NO_QUOTA, Duration.ofDays(1), clock);
        ledger.spendCurrentPeriod();
        assertThat(ledger.admit("a").allowed()).isFalse();
        ledger.restoreCurrentPeriod();
        assertThat(ledger.admit("a").allowed()).isTrue();
    }
}
