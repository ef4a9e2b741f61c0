package io.rotor.enricher.rotor;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a 429 says calls may resume: {@code Retry-After} (delta seconds or HTTP date), else {@code RateLimit-Reset}
 * or {@code X-RateLimit-Reset} (delta seconds; a value this large is epoch seconds). Rotor's reference shows none of
 * them; absent or unreadable headers leave the decision to the daily reset.
 */
final class RateLimitHeaders {
    public static final String RETRY_AFTER = "Retry-After";
    public static final String RATELIMIT_RESET = "RateLimit-Reset";
    public static final String X_RATELIMIT_RESET = "X-RateLimit-Reset";

    /** Values at or above this are epoch seconds (2001-09-09), below it delta seconds (31 years). */
    static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

    /** The three HTTP-date forms of RFC 9110: IMF-fixdate, RFC 850 and asctime (which is GMT by definition). */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss zzz")
                    .toFormatter(Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private RateLimitHeaders() {
    }

    static Optional<Instant> resumeAt(Function<String, String> header, Instant now) {
        Optional<Instant> retryAfter = retryAfter(header.apply(RETRY_AFTER), now);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        Optional<Instant> reset = reset(header.apply(RATELIMIT_RESET), now);
        return reset.isPresent() ? reset : reset(header.apply(X_RATELIMIT_RESET), now);
    }

    static Optional<Instant> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return seconds(v).map(now::plusSeconds);
        }
        for (DateTimeFormatter format : HTTP_DATES) {
            try {
                return Optional.of(ZonedDateTime.parse(v, format).toInstant());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    static Optional<Instant> reset(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return seconds(value.trim()).map(s -> s >= EPOCH_SECONDS_THRESHOLD ? Instant.ofEpochSecond(s) : now.plusSeconds(s));
    }

    /** Non-negative whole seconds, fractions rounded up; empty for anything else. */
    private static Optional<Long> seconds(String v) {
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
                return Optional.empty();
            }
            return Optional.of(d.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
