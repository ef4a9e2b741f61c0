package io.rotor.enricher.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the fleet's one catalog sync stands, kept in the changelogged {@code catalog-sync-progress} store so a crash
 * or a rebalance resumes it on whichever instance takes the syncer's task. JSON with {@code "v": 1}.
 *
 * @param startedAtMs       when the running sync started, -1 when none runs
 * @param pass              which listing the running sync is in
 * @param page              the next page to ask for (1-based)
 * @param limit             leads per page (1000, halved after a page over the body cap)
 * @param sawActive         the archived listing held a lead that is not archived: Rotor reads {@code archived=true} as
 *                          "include archived", so the second listing is not needed
 * @param leads             leads written by the running sync
 * @param newestCreatedAtMs the newest {@code created_at} seen by the running or last sync, -1 for none
 * @param lastStartedAtMs   when the last sync started (running or not), -1 before the first
 * @param lastCompletedAtMs when the last complete sync ended, -1 before the first
 * @param lastDurationMs    how long it took
 * @param lastLeads         how many leads it wrote
 * @param budgetDayMs       the quota reset that ends the day {@code callsToday} counts in (epoch ms)
 * @param callsToday        list calls made in that quota day, by any instance
 * @param failures          consecutive failed pages (upstream errors, timeouts)
 * @param retryAtMs         no page before then, after a failure
 * @param rateLimitedUntilMs the end of the last closing of the gate by a 429 this sync saw: the quota came back then
 */
public record SyncProgress(long startedAtMs, Pass pass, int page, int limit, boolean sawActive, long leads,
                           long newestCreatedAtMs, long lastStartedAtMs, long lastCompletedAtMs, long lastDurationMs,
                           long lastLeads, long budgetDayMs, int callsToday, int failures, long retryAtMs,
                           long rateLimitedUntilMs) {
    static final int VERSION = 1;

    /** Which listing of {@code GET /leads}. */
    public enum Pass {
        /** without {@code archived}: Rotor's default, the leads that are not archived */
        ACTIVE,
        /** with {@code archived=true} (ENRICHER_CATALOG_ARCHIVED) */
        ARCHIVED
    }

    /** Before the first sync. */
    public static final SyncProgress NONE = new SyncProgress(-1, Pass.ACTIVE, 1, 1000, false, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0, -1);

    public boolean running() {
        return startedAtMs >= 0;
    }

    SyncProgress withCalls(long dayMs, int calls) {
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads, newestCreatedAtMs, lastStartedAtMs,
                lastCompletedAtMs, lastDurationMs, lastLeads, dayMs, calls, failures, retryAtMs, rateLimitedUntilMs);
    }

    SyncProgress at(Pass pass, int page, int limit, boolean sawActive) {
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads, newestCreatedAtMs, lastStartedAtMs,
                lastCompletedAtMs, lastDurationMs, lastLeads, budgetDayMs, callsToday, failures, retryAtMs, rateLimitedUntilMs);
    }

    SyncProgress started(long nowMs, Pass first) {
        return new SyncProgress(nowMs, first, 1, 1000, false, 0, newestCreatedAtMs, nowMs, lastCompletedAtMs, lastDurationMs,
                lastLeads, budgetDayMs, callsToday, 0, 0, rateLimitedUntilMs);
    }

    SyncProgress wrote(int count, long newestMs) {
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads + count, Math.max(newestCreatedAtMs, newestMs),
                lastStartedAtMs, lastCompletedAtMs, lastDurationMs, lastLeads, budgetDayMs, callsToday, 0, 0, rateLimitedUntilMs);
    }

    /** A sweep saw leads up to {@code newestMs}: the next sweep stops there. */
    SyncProgress sawNewest(long newestMs) {
        if (newestMs <= newestCreatedAtMs) {
            return this;
        }
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads, newestMs, lastStartedAtMs, lastCompletedAtMs,
                lastDurationMs, lastLeads, budgetDayMs, callsToday, failures, retryAtMs, rateLimitedUntilMs);
    }

    SyncProgress completed(long nowMs) {
        return new SyncProgress(-1, Pass.ACTIVE, 1, 1000, false, 0, newestCreatedAtMs, lastStartedAtMs, nowMs,
                nowMs - startedAtMs, leads, budgetDayMs, callsToday, 0, 0, rateLimitedUntilMs);
    }

    SyncProgress failed(long retryAt) {
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads, newestCreatedAtMs, lastStartedAtMs,
                lastCompletedAtMs, lastDurationMs, lastLeads, budgetDayMs, callsToday, failures + 1, retryAt, rateLimitedUntilMs);
    }

    SyncProgress rateLimitedUntil(long untilMs) {
        return new SyncProgress(startedAtMs, pass, page, limit, sawActive, leads, newestCreatedAtMs, lastStartedAtMs,
                lastCompletedAtMs, lastDurationMs, lastLeads, budgetDayMs, callsToday, failures, retryAtMs, untilMs);
    }

    public byte[] encode() {
        ObjectNode n = VersionedJson.object(VERSION);
        n.put("startedAt", startedAtMs).put("pass", pass.name()).put("page", page).put("limit", limit)
                .put("sawActive", sawActive).put("leads", leads).put("newestCreatedAt", newestCreatedAtMs)
                .put("lastStartedAt", lastStartedAtMs).put("lastCompletedAt", lastCompletedAtMs)
                .put("lastDurationMs", lastDurationMs).put("lastLeads", lastLeads).put("budgetDay", budgetDayMs)
                .put("callsToday", callsToday).put("failures", failures).put("retryAt", retryAtMs)
                .put("rateLimitedUntil", rateLimitedUntilMs);
        return VersionedJson.bytes(n);
    }

    /**
     * The progress a store value holds. A value this release cannot read (a newer release's, after a rollback) is
     * {@link #NONE}: the sync starts over, which costs calls, never an event.
     */
    public static SyncProgress decode(byte[] bytes) {
        return VersionedJson.decode(bytes, VERSION, NONE, n -> new SyncProgress(n.path("startedAt").asLong(-1), Pass.valueOf(n.path("pass").asText("ACTIVE")),
                    Math.max(1, n.path("page").asInt(1)), Math.max(1, Math.min(1000, n.path("limit").asInt(1000))),
                    n.path("sawActive").asBoolean(false), n.path("leads").asLong(0), n.path("newestCreatedAt").asLong(-1),
                    n.path("lastStartedAt").asLong(-1), n.path("lastCompletedAt").asLong(-1), n.path("lastDurationMs").asLong(0),
                    n.path("lastLeads").asLong(0), n.path("budgetDay").asLong(0), n.path("callsToday").asInt(0),
                n.path("failures").asInt(0), n.path("retryAt").asLong(0), n.path("rateLimitedUntil").asLong(-1)));
    }
}
