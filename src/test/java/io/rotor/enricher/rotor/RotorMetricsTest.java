package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RotorMetricsTest {
    // 03:00 UTC = 23:00 the day before in New York (EDT)
    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-10T03:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QuotaGate gate = new QuotaGate(Duration.ofMinutes(5), clock);
    private final Breaker breaker = new Breaker(5, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(35));
    private final RotorMetrics metrics = new RotorMetrics(registry, clock,
            new DailyReset(LocalTime.MIDNIGHT, ZoneId.of("America/New_York")), 10, gate, breaker);

    @Test
    void callsTodayResetAtTheQuotaResetTimeAndWarnOnceAtNinetyPercent() {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 12; i++) metrics.requestSent();
            assertThat(registry.get(RotorMetrics.CALLS_TODAY).gauge().value()).isEqualTo(12);
            assertThat(registry.get(RotorMetrics.DAILY_BUDGET).gauge().value()).isEqualTo(10);
            assertThat(logs.lines()).filteredOn(l -> l.contains("ROTOR_DAILY_BUDGET")).hasSize(1)
                    .first().asString().contains("9 Rotor requests");

            clock.set(Instant.parse("2026-07-10T03:59:59Z"));
            assertThat(metrics.callsToday()).isEqualTo(12);
            clock.set(Instant.parse("2026-07-10T04:00:00Z")); // midnight in New York
            assertThat(registry.get(RotorMetrics.CALLS_TODAY).gauge().value()).isZero();
            for (int i = 0; i < 9; i++) metrics.requestSent();
            assertThat(logs.lines()).filteredOn(l -> l.contains("ROTOR_DAILY_BUDGET")).hasSize(2);
        }
    }

    @Test
    void gateAndBreakerGauges() {
        Instant now = clock.instant();
        assertThat(registry.get(RotorMetrics.GATE_CLOSED).tag(RotorMetrics.TAG_REASON, "RATE_LIMITED").gauge().value()).isZero();
        assertThat(registry.get(RotorMetrics.GATE_RESUME_AT).gauge().value()).isZero();
        gate.closeForRateLimit(now.plusSeconds(100), "x", now);
        assertThat(registry.get(RotorMetrics.GATE_CLOSED).tag(RotorMetrics.TAG_REASON, "RATE_LIMITED").gauge().value()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.GATE_CLOSED).tag(RotorMetrics.TAG_REASON, "AUTH_FAILED").gauge().value()).isZero();
        assertThat(registry.get(RotorMetrics.GATE_RESUME_AT).gauge().value()).isEqualTo(now.plusSeconds(100).getEpochSecond());
        clock.advance(Duration.ofSeconds(100));
        assertThat(registry.get(RotorMetrics.GATE_CLOSED).tag(RotorMetrics.TAG_REASON, "RATE_LIMITED").gauge().value()).isZero();

        assertThat(registry.get(RotorMetrics.BREAKER_OPEN).gauge().value()).isZero();
        for (int i = 0; i < 5; i++) {
            breaker.record(((Breaker.Admitted) breaker.admit(now)).permit(), Outcome.TIMEOUT, now);
        }
        assertThat(registry.get(RotorMetrics.BREAKER_OPEN).gauge().value()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.BREAKER_RETRY_AT).gauge().value()).isEqualTo(now.plusSeconds(30).getEpochSecond());
    }

    @Test
    void attemptsAreCountedAndTimedByOutcome() {
        metrics.attempted(CallPurpose.LOOKUP, Outcome.FOUND, Duration.ofMillis(20));
        metrics.attempted(CallPurpose.LOOKUP, Outcome.FOUND, Duration.ofMillis(40));
        metrics.attempted(CallPurpose.LOOKUP, Outcome.TIMEOUT, Duration.ofSeconds(30));
        metrics.refusedByGate(CallPurpose.LOOKUP);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "FOUND").counter().count()).isEqualTo(2);
        assertThat(registry.get(RotorMetrics.LATENCY).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "FOUND").timer().count()).isEqualTo(2);
        assertThat(registry.get(RotorMetrics.LATENCY).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "TIMEOUT").timer().max(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(30);
        assertThat(registry.get(RotorMetrics.REFUSALS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_BY, RotorMetrics.BY_GATE).counter().count()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.REFUSALS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_BY, RotorMetrics.BY_BREAKER).counter().count()).isZero();
    }

    @Test
    void callsAreSplitByPurposeAndEveryMeterHasOneSetOfTagKeys() {
        metrics.attempted(CallPurpose.SYNC, Outcome.FOUND, Duration.ofMillis(300));
        metrics.attempted(CallPurpose.AUTH, Outcome.FOUND, Duration.ofMillis(10));
        metrics.refusedByBreaker(CallPurpose.SYNC);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "sync").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "auth").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "FOUND")
                .counter().count()).isZero();
        assertThat(registry.get(RotorMetrics.REFUSALS).tag(RotorMetrics.TAG_PURPOSE, "sync").tag(RotorMetrics.TAG_BY, RotorMetrics.BY_BREAKER)
                .counter().count()).isEqualTo(1);

        java.util.Map<String, java.util.Set<java.util.Set<String>>> keysByName = new java.util.HashMap<>();
        for (io.micrometer.core.instrument.Meter meter : registry.getMeters()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            meter.getId().getTags().forEach(t -> keys.add(t.getKey()));
            keysByName.computeIfAbsent(meter.getId().getName(), n -> new java.util.HashSet<>()).add(keys);
        }
        assertThat(keysByName).allSatisfy((name, keySets) -> assertThat(keySets).as(name).hasSize(1));
        assertThat(keysByName.get(RotorMetrics.CALLS)).containsExactly(java.util.Set.of("purpose", "outcome"));
    }
}
