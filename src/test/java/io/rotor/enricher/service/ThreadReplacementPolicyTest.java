package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.topology.Quarantine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final Quarantine quarantine = new Quarantine();
    private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(clock, quarantine);
    private final Throwable failure = new StreamsException(new IllegalStateException("registry unavailable"));

    @Test
    void aFailureOfAQuarantinedEventIsReplacedWithoutCountingOncePerEvent() {
        for (int i = 0; i < 20; i++) {
            assertThat(quarantine.add(new Origin("in", 0, i, -1, null), Quarantine.Level.DEAD_LETTER, "refused")).isTrue();
            assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        // The same event quarantined again at the same level is no progress: it counts.
        assertThat(quarantine.add(new Origin("in", 0, 0, -1, null), Quarantine.Level.DEAD_LETTER, "refused")).isFalse();
        for (int i = 0; i < ThreadReplacementPolicy.MAX_REPLACEMENTS; i++) {
            assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void fiveReplacementsWithinTenMinutesThenShutdownWithTheReason() {
        for (int i = 0; i < 5; i++) {
            assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            assertThat(policy.replacing()).isTrue();
            clock.now = clock.now.plus(Duration.ofMinutes(1));
        }

        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.fatalReason()).isEqualTo(
                "stream thread failed 6 times within 10 minutes; last failure: IllegalStateException: registry unavailable");
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 5; i++) {
            policy.handle(failure);
            clock.now = clock.now.plus(Duration.ofMinutes(3));
        }

        // The first failures happened more than 10 minutes ago.
        assertThat(policy.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.fatalReason()).isNull();
    }

    @Test
    void runningAgainEndsTheReplacement() {
        policy.handle(failure);
        policy.running();

        assertThat(policy.replacing()).isFalse();
    }
}
