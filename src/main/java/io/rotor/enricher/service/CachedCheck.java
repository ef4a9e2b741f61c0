package io.rotor.enricher.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A check whose answer is reused for {@code ttl}, so a readiness probe polled every second does not hit the
 * registry every second. Only one caller runs the check at a time; others get the last answer meanwhile.
 */
public final class CachedCheck implements BooleanSupplier {
    private final BooleanSupplier check;
    private final Duration ttl;
    private final Clock clock;
    private volatile boolean last;
    private volatile Instant checkedAt = Instant.MIN;
    private boolean running;

    public CachedCheck(BooleanSupplier check, Duration ttl, Clock clock) {
        this.check = check;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean getAsBoolean() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(ttl))) {
            return last;
        }
        synchronized (this) {
            if (running) {
                return last;
            }
            running = true;
        }
        try {
            boolean result;
            try {
                result = check.getAsBoolean();
            } catch (RuntimeException e) {
                result = false;
            }
            last = result;
            checkedAt = clock.instant();
            return result;
        } finally {
            synchronized (this) {
                running = false;
            }
        }
    }
}
