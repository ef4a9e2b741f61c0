package io.rotor.enricher.topology;

/**
 * The largest value recorded in the last minute, in one-second buckets, for a gauge such as the age of the oldest
 * stale copy served. "Now" is the latest time any task reported (each records its drain ticks), so the gauge follows
 * the topology's clock, which tests control, and falls to 0 a minute after the last value.
 */
final class RecentMaximum {
    private static final int SECONDS = 60;
    private final long[] maxima = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];
    private long latestMs;

    RecentMaximum() {
        java.util.Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    synchronized void record(long value, long nowMs) {
        advance(nowMs);
        long second = Math.floorDiv(nowMs, 1000);
        int slot = (int) Math.floorMod(second, SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            maxima[slot] = value;
        } else {
            maxima[slot] = Math.max(maxima[slot], value);
        }
    }

    synchronized void advance(long nowMs) {
        latestMs = Math.max(latestMs, nowMs);
    }

    /** The largest value recorded in the minute up to the latest time seen; 0 when none. */
    synchronized long max() {
        long now = Math.floorDiv(latestMs, 1000);
        long max = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (secondOf[i] > now - SECONDS) {
                max = Math.max(max, maxima[i]);
            }
        }
        return max;
    }
}
