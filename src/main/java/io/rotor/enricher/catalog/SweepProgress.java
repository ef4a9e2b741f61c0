package io.rotor.enricher.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the fleet's sweeps of the newest leads stand: a second key of the changelogged {@code catalog-sync-progress}
 * store (the sync's own value is unchanged), so a crash or a task move resumes it. JSON with {@code "v": 1}.
 * <p>
 * Which misses a sweep covers is decided by the order the syncer received their signals, not by clocks: each kept
 * signal gets the next receipt number, and a sweep covers every miss received before its page 1 was asked for. The
 * lead of such a miss existed before its event was read, so it existed when Rotor listed page 1. (The stream
 * threads' clocks are cached per poll loop and lag the real time under load: comparing a task's signal time with the
 * syncer's start time would call a sweep that started before the lead existed a cover.)
 *
 * @param startedAtMs     when the running sweep asked for its page 1, -1 when none runs
 * @param page            the running sweep's next page
 * @param limit           its leads per page (halved after a page over the body cap)
 * @param stopAtMs        it stops at a page holding a lead created at or before this: the newest {@code created_at} of
 *                        the syncs and sweeps before it; -1: it lists page 1 only
 * @param resolved        signalled misses the running sweep found
 * @param received        receipt number of the last miss kept
 * @param coveredUpTo     the running sweep covers the misses received up to this number
 * @param doneUpTo        the misses received up to this number need no sweep any more (a complete sweep covered them,
 *                        or they were dropped while sweeps were off); a failed sweep leaves it, so the next covers them
 * @param lastStartedAtMs when the last sweep started, -1 before the first
 * @param pausedUntilMs   no sweep before then, after one that resolved fewer than 2 misses
 * @param offPublishedMs  the quota day (its reset, epoch ms) for which "share spent" was published, 0 for none
 */
public record SweepProgress(long startedAtMs, int page, int limit, long stopAtMs, int resolved, long received,
                            long coveredUpTo, long doneUpTo, long lastStartedAtMs, long pausedUntilMs, long offPublishedMs) {
    static final int VERSION = 1;

    public static final SweepProgress NONE = new SweepProgress(-1, 1, 1000, -1, 0, 0, 0, 0, -1, 0, 0);

    public boolean running() {
        return startedAtMs >= 0;
    }

    /** Misses were received that no running or complete sweep covers. */
    public boolean wanted() {
        return received > (running() ? coveredUpTo : doneUpTo);
    }

    /** A miss kept: it gets receipt number {@code received() + 1}. */
    public SweepProgress signalled() {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved, received + 1, coveredUpTo, doneUpTo,
                lastStartedAtMs, pausedUntilMs, offPublishedMs);
    }

    /** The misses kept so far are dropped (sweeps are off): none is wanted. */
    SweepProgress dropped() {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved, received, Math.max(coveredUpTo, received), received,
                lastStartedAtMs, pausedUntilMs, offPublishedMs);
    }

    SweepProgress started(long nowMs, long stopAt) {
        return new SweepProgress(nowMs, 1, 1000, stopAt, 0, received, received, doneUpTo, nowMs, pausedUntilMs, offPublishedMs);
    }

    SweepProgress at(int nextPage, int nextLimit) {
        return new SweepProgress(startedAtMs, nextPage, nextLimit, stopAtMs, resolved, received, coveredUpTo, doneUpTo,
                lastStartedAtMs, pausedUntilMs, offPublishedMs);
    }

    public SweepProgress found(int misses) {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved + misses, received, coveredUpTo, doneUpTo,
                lastStartedAtMs, pausedUntilMs, offPublishedMs);
    }

    /** The running sweep is over; {@code complete}: what it covered is done. */
    SweepProgress ended(boolean complete, long pausedUntil) {
        return new SweepProgress(-1, 1, 1000, -1, 0, received, coveredUpTo, complete ? coveredUpTo : doneUpTo, lastStartedAtMs,
                pausedUntil, offPublishedMs);
    }

    SweepProgress offPublished(long dayMs) {
        return new SweepProgress(startedAtMs, page, limit, stopAtMs, resolved, received, coveredUpTo, doneUpTo, lastStartedAtMs,
                pausedUntilMs, dayMs);
    }

    public byte[] encode() {
        ObjectNode n = VersionedJson.object(VERSION);
        n.put("startedAt", startedAtMs).put("page", page).put("limit", limit).put("stopAt", stopAtMs)
                .put("resolved", resolved).put("received", received).put("coveredUpTo", coveredUpTo).put("doneUpTo", doneUpTo)
                .put("lastStartedAt", lastStartedAtMs).put("pausedUntil", pausedUntilMs).put("offPublished", offPublishedMs);
        return VersionedJson.bytes(n);
    }

    /** The progress a store value holds; none, or one this release cannot read, is {@link #NONE} (costs a sweep, never an event). */
    public static SweepProgress decode(byte[] bytes) {
        return VersionedJson.decode(bytes, VERSION, NONE, n -> new SweepProgress(n.path("startedAt").asLong(-1), Math.max(1, n.path("page").asInt(1)),
                    Math.max(1, Math.min(1000, n.path("limit").asInt(1000))), n.path("stopAt").asLong(-1),
                    n.path("resolved").asInt(0), n.path("received").asLong(0), n.path("coveredUpTo").asLong(0),
                    n.path("doneUpTo").asLong(0), n.path("lastStartedAt").asLong(-1), n.path("pausedUntil").asLong(0),
                n.path("offPublished").asLong(0)));
    }
}
