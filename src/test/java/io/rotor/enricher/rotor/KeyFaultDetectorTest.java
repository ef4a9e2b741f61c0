package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyFaultDetectorTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final KeyFaultDetector detector = new KeyFaultDetector(3, Duration.ofMinutes(5));

    @Test
    void theSameLeadAgainAndAgainIsNeverAKeyFault() {
        for (int i = 0; i < 100; i++) {
            assertThat(detector.isKeyFault(403, "blocked", T0.plusSeconds(i))).isFalse();
        }
    }

    @Test
    void leadsCountPerStatusAndOnlyWithinTheWindow() {
        assertThat(detector.isKeyFault(403, "a", T0)).isFalse();
        assertThat(detector.isKeyFault(404, "b", T0.plusSeconds(1))).isFalse();
        assertThat(detector.isKeyFault(403, "c", T0.plusSeconds(2))).isFalse();
        // "a" saw its 403 more than five minutes before "d": it has left the window.
        assertThat(detector.isKeyFault(403, "d", T0.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(detector.isKeyFault(403, "e", T0.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void aConfirmedStatusStaysAKeyFaultUntilRotorAnswersAsDocumented() {
        detector.isKeyFault(400, "a", T0);
        detector.isKeyFault(400, "b", T0);
        assertThat(detector.isKeyFault(400, "c", T0)).isTrue();
        assertThat(detector.isKeyFault(400, "a", T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(detector.isKeyFault(403, "a", T0.plus(Duration.ofHours(1)))).isFalse();

        detector.answeredAsDocumented();
        assertThat(detector.isKeyFault(400, "a", T0.plus(Duration.ofHours(2)))).isFalse();
        assertThat(detector.isKeyFault(403, "b", T0.plus(Duration.ofHours(2)))).isFalse();
    }
}
