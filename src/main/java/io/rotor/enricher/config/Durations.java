package io.rotor.enricher.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's one duration syntax: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, and a bare
 * {@code 0} for none (a zero needs no unit).
 */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*$");

    private Durations() {
    }

    /** Parses a duration; throws IllegalArgumentException whose message shows the accepted forms. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration given; write it like 500ms, 30s, 5m, 1h or 7d");
        }
        if (text.strip().equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 500ms, 30s, 5m, 1h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalStateException(m.group(2));
        };
    }

    /** Formats in the largest unit that divides the duration exactly ({@code 0} for zero), so parse(format(d)) == d. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
