package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static Optional<Instant> resume(Map<String, String> headers) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return RateLimitHeaders.plausibleResumeAt(h::get, NOW);
    }

    @Test
    void retryAfterDeltaSeconds() {
        assertThat(resume(Map.of("Retry-After", "120"))).contains(NOW.plusSeconds(120));
        assertThat(resume(Map.of("Retry-After", Long.toString(RateLimitHeaders.MAX_AHEAD.toSeconds()))))
                .contains(NOW.plus(RateLimitHeaders.MAX_AHEAD));
    }

    /** Outside (now, now + 25 h] a header is passed over: the caller takes the next daily reset. */
    @Test
    void resumeTimesOutsideReasonArePassedOver() {
        assertThat(resume(Map.of("retry-after", " 0 "))).as("0: the gate would stay open").isEmpty();
        assertThat(resume(Map.of("Retry-After", "Fri, 01 May 2026 11:00:00 GMT"))).as("in the past").isEmpty();
        assertThat(resume(Map.of("X-RateLimit-Reset", "1777680000000"))).as("epoch milliseconds").isEmpty();
        assertThat(resume(Map.of("RateLimit-Reset", Long.toString(RateLimitHeaders.MAX_AHEAD.toSeconds() + 1))))
                .as("more than 25 hours").isEmpty();
        assertThat(resume(Map.of("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"))).as("the year 9999").isEmpty();
    }

    @Test
    void valuesThatWouldOverflowAnInstantArePassedOverWithoutAnError() {
        assertThat(resume(Map.of("Retry-After", "99999999999999999"))).isEmpty();
        assertThat(resume(Map.of("RateLimit-Reset", "999999999999999999"))).isEmpty();
        assertThat(resume(Map.of("X-RateLimit-Reset", "2305843009213693951"))).isEmpty();
    }

    @Test
    void anImplausibleHeaderGivesWayToAPlausibleOne() {
        assertThat(resume(Map.of("Retry-After", "0", "RateLimit-Reset", "60"))).contains(NOW.plusSeconds(60));
    }

    @Test
    void retryAfterHttpDateInAllThreeStandardForms() {
        Instant expected = Instant.parse("2026-05-02T00:00:00Z");
        assertThat(resume(Map.of("Retry-After", "Sat, 02 May 2026 00:00:00 GMT"))).contains(expected);
        assertThat(resume(Map.of("Retry-After", "Saturday, 02-May-26 00:00:00 GMT"))).contains(expected);
        assertThat(resume(Map.of("Retry-After", "Sat May  2 00:00:00 2026"))).contains(expected);
    }

    @Test
    void rateLimitResetDeltaOrEpochSeconds() {
        assertThat(resume(Map.of("RateLimit-Reset", "90"))).contains(NOW.plusSeconds(90));
        assertThat(resume(Map.of("X-RateLimit-Reset", "3600"))).contains(NOW.plusSeconds(3600));
        assertThat(resume(Map.of("X-RateLimit-Reset", "1777680000"))).contains(Instant.ofEpochSecond(1777680000L));
        assertThat(resume(Map.of("RateLimit-Reset", "1.2"))).contains(NOW.plusSeconds(2));
    }

    @Test
    void retryAfterWinsThenRateLimitResetThenTheXForm() {
        assertThat(resume(Map.of("Retry-After", "10", "RateLimit-Reset", "20", "X-RateLimit-Reset", "30"))).contains(NOW.plusSeconds(10));
        assertThat(resume(Map.of("RateLimit-Reset", "20", "X-RateLimit-Reset", "30"))).contains(NOW.plusSeconds(20));
    }

    @Test
    void unreadableValuesFallThrough() {
        assertThat(resume(Map.of())).isEmpty();
        assertThat(resume(Map.of("Retry-After", "soon"))).isEmpty();
        assertThat(resume(Map.of("Retry-After", "-5", "RateLimit-Reset", "x", "X-RateLimit-Reset", "15"))).contains(NOW.plusSeconds(15));
        assertThat(resume(Map.of("RateLimit-Reset", "-1"))).isEmpty();
        assertThat(resume(Map.of("RateLimit-Reset", "99999999999999999999999"))).isEmpty();
    }
}
