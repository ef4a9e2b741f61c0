package io.rotor.enricher.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Rotor's per-key request quota: {@code quota} requests per period, periods aligned to the epoch (a one-day
 * period resets at 00:00 UTC). Every request a valid key makes counts, the rejected ones included, as on a
 * gateway that counts before it answers.
 *
 * <p>It also tells which requests are <em>late arrivals</em>: those that reach the server after the key's
 * first 429 of the period has left it. A client that stops calling on its first 429 produces at most as many
 * late arrivals as it had requests in flight.
 */
final class QuotaLedger {

    /**
     * The verdict on one request.
     *
     * @param allowed           within the quota
     * @param period            the period the request was counted in
     * @param retryAfterSeconds seconds until that period ends, rounded up (at least 1)
     * @param lateArrival       the request arrived after the key's first 429 of the period had been sent
     */
    record Admission(boolean allowed, long period, long retryAfterSeconds, boolean lateArrival) {
    }

    private static final class KeyState {
        long period = Long.MIN_VALUE;
        long count;
        boolean rateLimitSent;
    }

    private final int quota;
    private final long periodMillis;
    private final Clock clock;
    private final ConcurrentMap<String, KeyState> keys = new ConcurrentHashMap<>();
    /** Every request of this period (and earlier) is over the quota: {@link #spendCurrentPeriod()}. */
    private volatile long spentPeriod = Long.MIN_VALUE;

    /** A quota of {@link SandboxOptions#NO_QUOTA} admits everything. */
    QuotaLedger(int quota, Duration period, Clock clock) {
        this.quota = quota;
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    Admission admit(String key) {
        long now = clock.millis();
        long period = Math.floorDiv(now, periodMillis);
        long retryAfter = Math.max(1, ceilDiv((period + 1) * periodMillis - now, 1000));
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        synchronized (state) {
            if (state.period != period) {
                state.period = period;
                state.count = 0;
                state.rateLimitSent = false;
            }
            state.count++;
            boolean allowed = period > spentPeriod && (quota == SandboxOptions.NO_QUOTA || state.count <= quota);
            return new Admission(allowed, period, retryAfter, state.rateLimitSent);
        }
    }

    /**
     * Every key's quota is used up until the current period ends, as if another client had spent it: every request
     * gets a 429 until the reset (with or without a quota configured).
     */
    void spendCurrentPeriod() {
        spentPeriod = Math.floorDiv(clock.millis(), periodMillis);
    }

    /** Undoes {@link #spendCurrentPeriod()}, as when Rotor raises a key's quota: requests count as before. */
    void restoreCurrentPeriod() {
        spentPeriod = Long.MIN_VALUE;
    }

    /** Records that a 429 counted in {@code period} has been written to the client. */
    void rateLimitSent(String key, long period) {
        KeyState state = keys.get(key);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.period == period) {
                state.rateLimitSent = true;
            }
        }
    }

    /** When the period containing {@code at} ends. */
    Instant periodEnd(Instant at) {
        long period = Math.floorDiv(at.toEpochMilli(), periodMillis);
        return Instant.ofEpochMilli((period + 1) * periodMillis);
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
