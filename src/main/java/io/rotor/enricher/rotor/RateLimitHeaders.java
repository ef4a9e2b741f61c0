package io.rotor.enricher.rotor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** A resume time further ahead than this is not believed: Rotor's quota is daily. */
    static final Duration MAX_AHEAD = Duration.ofHours(25);

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitHeaders.class);
    /** Each implausible header value is logged once (bounded, so a hostile upstream cannot grow it). */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static final int MAX_LOGGED = 100;

    private RateLimitHeaders() {
    }

    /**
     * The first resume time the headers announce that lies in (now, now + {@link #MAX_AHEAD}]; empty when none
     * does, and the caller takes the next daily reset. A value of 0, one in the past, epoch milliseconds or years
     * ahead would leave the gate open or close it for good (for every instance, adopted through the gate topic):
     * such a value is logged once, raw, and passed over.
     */
    static Optional<Instant> plausibleResumeAt(Function<String, String> header, Instant now) {
        for (String name : List.of(RETRY_AFTER, RATELIMIT_RESET, X_RATELIMIT_RESET)) {
            String raw = header.apply(name);
            Optional<Instant> at = name.equals(RETRY_AFTER) ? retryAfter(raw, now) : reset(raw, now);
            if (at.isEmpty()) {
                continue;
            }
            if (at.get().isAfter(now) && !at.get().isAfter(now.plus(MAX_AHEAD))) {
                return at;
            }
            String seen = name + ": " + raw.strip();
            if (LOGGED.size() < MAX_LOGGED && LOGGED.add(seen)) {
                LOG.warn("Ignoring Rotor's 429 header '{}': it does not lie within the next {} hours; the gate uses "
                        + "the next daily quota reset unless another header gives a plausible time", seen, MAX_AHEAD.toHours());
            }
        }
        return Optional.empty();
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
            return seconds(v).map(sec -> plusSaturated(now, sec));
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
        return seconds(value.trim()).map(s -> s >= EPOCH_SECONDS_THRESHOLD
                ? Instant.ofEpochSecond(Math.min(s, now.getEpochSecond() + FAR_AHEAD_SECONDS)) : plusSaturated(now, s));
    }

    /** Past any plausible resume time, and far from Instant's limits: where huge values are clamped to. */
    private static final long FAR_AHEAD_SECONDS = 100L * 365 * 24 * 3600;

    /** {@code now + seconds}, clamped so no value a header can hold overflows an Instant. */
    private static Instant plusSaturated(Instant now, long seconds) {
        return now.plusSeconds(Math.min(seconds, FAR_AHEAD_SECONDS));
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
