package io.rotor.enricher.rotor;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/** When Rotor's daily quota resets: ROTOR_QUOTA_RESET_TIME in ROTOR_QUOTA_RESET_ZONE. */
public final class DailyReset {
    private final LocalTime time;
    private final ZoneId zone;

    public DailyReset(LocalTime time, ZoneId zone) {
        this.time = Objects.requireNonNull(time, "time");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The first reset strictly after {@code now} (a reset time skipped by a DST gap moves forward with it). */
    public Instant nextAfter(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = ZonedDateTime.of(local.toLocalDate(), time, zone);
        while (!candidate.toInstant().isAfter(now)) {
            candidate = ZonedDateTime.of(candidate.toLocalDate().plusDays(1), time, zone);
        }
        return candidate.toInstant();
    }

    @Override
    public String toString() {
        return time + " " + zone;
    }
}
