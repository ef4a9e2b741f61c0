package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BreakerTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final Breaker breaker = new Breaker(3, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(35));

    private Breaker.Permit admitted(Instant now) {
        Breaker.Admission a = breaker.admit(now);
        assertThat(a).isInstanceOf(Breaker.Admitted.class);
        return ((Breaker.Admitted) a).permit();
    }

    private LookupResult refused(Instant now) {
        Breaker.Admission a = breaker.admit(now);
        assertThat(a).isInstanceOf(Breaker.Refused.class);
        return ((Breaker.Refused) a).result();
    }

    private void fail(int times, Outcome outcome, Instant now) {
        for (int i = 0; i < times; i++) {
            breaker.record(admitted(now), outcome, now);
        }
    }

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        fail(2, Outcome.TIMEOUT, T0);
        breaker.record(admitted(T0), Outcome.NOT_FOUND, T0); // Rotor answered: the count restarts
        fail(2, Outcome.NETWORK, T0);
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
        fail(1, Outcome.BAD_RESPONSE, T0);
        assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);

        LookupResult r = refused(T0.plusSeconds(29));
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.attempted()).isFalse();
        assertThat(r.resumeAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void exactlyOneProbeThenDoublingUpToTheCeiling() {
        fail(3, Outcome.UPSTREAM_ERROR, T0);
        Instant now = T0;
        Duration expected = Duration.ofSeconds(30);
        for (int round = 0; round < 8; round++) {
            now = now.plus(expected);
            Breaker.Permit probe = admitted(now);
            assertThat(probe.probe()).isTrue();
            LookupResult whileProbing = refused(now);
            assertThat(whileProbing.outcome()).isEqualTo(round == 0 ? Outcome.UPSTREAM_ERROR : Outcome.TIMEOUT);
            assertThat(whileProbing.resumeAt()).isEqualTo(now.plusSeconds(35));
            breaker.record(probe, Outcome.TIMEOUT, now);
            expected = expected.multipliedBy(2).compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : expected.multipliedBy(2);
            assertThat(breaker.currentBackoff()).isEqualTo(expected);
            assertThat(breaker.retryAt()).isEqualTo(now.plus(expected));
            assertThat(refused(now.plus(expected).minusMillis(1)).outcome()).isEqualTo(Outcome.TIMEOUT);
        }
        assertThat(breaker.currentBackoff()).isEqualTo(Duration.ofMinutes(10));

        now = now.plus(expected);
        Breaker.Permit probe = admitted(now);
        breaker.record(probe, Outcome.FOUND, now);
        assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(breaker.currentBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(admitted(now).probe()).isFalse();
    }

    @Test
    void lateAnswersOfNormalCallsDoNotMoveAnOpenBreaker() {
        Breaker.Permit early = admitted(T0);
        fail(3, Outcome.NETWORK, T0);
        breaker.record(early, Outcome.FOUND, T0);
        assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
        assertThat(breaker.stillAdmits(early)).isFalse();
    }

    @Test
    void anAbandonedProbeLetsTheNextLookupProbe() {
        fail(3, Outcome.NETWORK, T0);
        Instant later = T0.plusSeconds(30);
        Breaker.Permit probe = admitted(later);
        assertThat(breaker.stillAdmits(probe)).isTrue();
        breaker.abandon(probe);
        assertThat(admitted(later).probe()).isTrue();
    }
}
