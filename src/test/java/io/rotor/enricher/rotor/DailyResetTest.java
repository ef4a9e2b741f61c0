package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailyResetTest {
    @Test
    void nextMidnightUtc() {
        DailyReset reset = new DailyReset(LocalTime.MIDNIGHT, ZoneId.of("UTC"));
        assertThat(reset.nextAfter(Instant.parse("2026-03-10T15:00:00Z"))).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
        // exactly at the reset: the next one
        assertThat(reset.nextAfter(Instant.parse("2026-03-11T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-12T00:00:00Z"));
    }

    @Test
    void midnightInNewYorkAcrossStandardAndDaylightTime() {
        DailyReset reset = new DailyReset(LocalTime.MIDNIGHT, ZoneId.of("America/New_York"));
        // EST (UTC-5): 03:00Z on Jan 10 is 22:00 Jan 9 local; the next local midnight is 05:00Z Jan 10
        assertThat(reset.nextAfter(Instant.parse("2026-01-10T03:00:00Z"))).isEqualTo(Instant.parse("2026-01-10T05:00:00Z"));
        // EDT (UTC-4)
        assertThat(reset.nextAfter(Instant.parse("2026-07-10T03:00:00Z"))).isEqualTo(Instant.parse("2026-07-10T04:00:00Z"));
        assertThat(reset.nextAfter(Instant.parse("2026-07-10T05:00:00Z"))).isEqualTo(Instant.parse("2026-07-11T04:00:00Z"));
    }

    @Test
    void aResetTimeInADstGapMovesForward() {
        // 2026-03-08 02:30 does not exist in New York; the reset happens at 03:30 EDT = 07:30Z
        DailyReset reset = new DailyReset(LocalTime.of(2, 30), ZoneId.of("America/New_York"));
        assertThat(reset.nextAfter(Instant.parse("2026-03-08T05:00:00Z"))).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }
}
