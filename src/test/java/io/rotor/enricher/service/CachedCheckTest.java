package io.rotor.enricher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedCheckTest {
    @Test
    void reusesTheAnswerForTheTtlThenChecksAgain() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean up = new AtomicBoolean(true);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Clock[] clock = {Clock.fixed(start, ZoneOffset.UTC)};
        CachedCheck check = new CachedCheck(() -> {
            calls.incrementAndGet();
            return up.get();
        }, Duration.ofSeconds(10), new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        });

        assertThat(check.getAsBoolean()).isTrue();
        up.set(false);
        clock[0] = Clock.fixed(start.plusSeconds(9), ZoneOffset.UTC);
        assertThat(check.getAsBoolean()).isTrue();
        assertThat(calls).hasValue(1);

        clock[0] = Clock.fixed(start.plusSeconds(10), ZoneOffset.UTC);
        assertThat(check.getAsBoolean()).isFalse();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aThrowingCheckCountsAsDown() {
        CachedCheck check = new CachedCheck(() -> {
            throw new IllegalStateException("boom");
        }, Duration.ofSeconds(1), Clock.systemUTC());

        assertThat(check.getAsBoolean()).isFalse();
    }
}
