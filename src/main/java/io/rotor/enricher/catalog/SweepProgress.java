package io.rotor.enricher.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where the fleet's sweeps of the newest leads stand: a second key of the changelogged {@code catalog-sync-progress}
 * store (the sync's own value is unchanged), so a crash or a task move resumes it. JSON with {@code "v": 1}.
 *
 * @param startedAtMs    when the running sweep asked for its page 1, -1 when none runs; a miss signalled up to then
 *                       is covered by it
 * @param page           the running sweep's next page
 * @param limit          its leads per page (halved after a page over the body cap)
 * @param stopAtMs       it stops at a page holding a lead created at or before this: the newest {@code created_at} of
 *                       the syncs and sweeps before it; -1: it lists page 1 only
 * @param resolved       signalled misses the running sweep found
 * @param wantedSinceMs  the oldest signalled miss no sweep has started for, -1 for none
 * @param lastStartedAtMs when the last sweep started, -1 before the first
 * @param pausedUntilMs  no sweep before then, after one that resolved fewer than 2 misses
 * @param offPublishedMs the quota day (its reset, epoch ms) for which "share spent" was published, 0 for none
 */
public record SweepProgress(long startedAtMs, int page, int limit, long stopAtMs, int resolved, long wantedSinceMs,
                            long lastStartedAtMs, long pausedUntilMs, long offPublishedMs) {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final SweepProgress NONE = new SweepProgress(-1, 1, 1000, -1, 0, -1, -1, 0, 0);

    public boolean running() {
        return startedAtMs >= 0;
    }

    public boolean wanted() {
        return wantedSinceMs >= 0;
    }

    /** A miss signalled at {@code signalledAtMs}: wanted unless the running sweep started after it. */
    public SweepProgress signalled(long signalledAtMs) {
        if (running() && signalledAtMs <= startedAtMs) {
            return this;
        }
        long since = wantedSinceMs < 0 ? signalledAtMs : Math.min(wantedSinceMs, signalledAtMs);
        return since == wantedSinceMs ? this : withWanted(since);
    }

    SweepProgress withWanted(long sinceMs) {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved, sinceMs, lastStartedAtMs, pausedUntilMs, offPublishedMs);
    }

    SweepProgress started(long nowMs, long stopAt) {
        return new SweepProgress(nowMs, 1, 1000, stopAt, 0, -1, nowMs, pausedUntilMs, offPublishedMs);
    }

    SweepProgress at(int nextPage, int nextLimit) {
        return new SweepProgress(startedAtMs, nextPage, nextLimit, stopAtMs, resolved, wantedSinceMs, lastStartedAtMs, pausedUntilMs,
                offPublishedMs);
    }

    public SweepProgress found(int misses) {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved + misses, wantedSinceMs, lastStartedAtMs, pausedUntilMs,
                offPublishedMs);
    }

    SweepProgress ended(long pausedUntil) {
        return new SweepProgress(-1, 1, 1000, -1, 0, wantedSinceMs, lastStartedAtMs, pausedUntil, offPublishedMs);
    }

    SweepProgress offPublished(long dayMs) {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved, -1, lastStartedAtMs, pausedUntilMs, dayMs);
    }

    public byte[] encode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION).put("startedAt", startedAtMs).put("page", page).put("limit", limit).put("stopAt", stopAtMs)
                .put("resolved", resolved).put("wantedSince", wantedSinceMs).put("lastStartedAt", lastStartedAtMs)
                .put("pausedUntil", pausedUntilMs).put("offPublished", offPublishedMs);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The progress a store value holds; none, or one this release cannot read, is {@link #NONE} (costs a sweep, never an event). */
    public static SweepProgress decode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || n.path("v").asInt(-1) != VERSION) {
                return NONE;
            }
            return new SweepProgress(n.path("startedAt").asLong(-1), Math.max(1, n.path("page").asInt(1)),
                    Math.max(1, Math.min(1000, n.path("limit").asInt(1000))), n.path("stopAt").asLong(-1),
                    n.path("resolved").asInt(0), n.path("wantedSince").asLong(-1), n.path("lastStartedAt").asLong(-1),
                    n.path("pausedUntil").asLong(0), n.path("offPublished").asLong(0));
        } catch (IOException unreadable) {
            return NONE;
        }
    }
}
