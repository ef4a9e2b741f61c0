package io.rotor.enricher.catalog;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper.MappedLead;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * The sweeps' decisions as pure functions (issue 14), beside {@link SyncPlan}: a sweep lists the newest leads from
 * page 1 when misses were signalled, at most every ENRICHER_SWEEP_MIN_INTERVAL, and stops at the first page that
 * reaches a lead created at or before the newest {@code created_at} the syncs and sweeps before it saw (ties stop
 * it: a lead sharing that millisecond with an older one goes by id, rather than a bulk import making one sweep page
 * through the whole catalog). Its calls count against the sync's daily share, in the same {@link SyncProgress}. A
 * sweep that resolved fewer than {@link #POOR} misses pauses sweeps for ENRICHER_SWEEP_BACKOFF.
 */
public final class SweepPlan {
    /** A sweep that resolves fewer misses than this costs more than their lookups by id would. */
    public static final int POOR = 2;

    /**
     * @param minInterval ENRICHER_SWEEP_MIN_INTERVAL
     * @param backoff     ENRICHER_SWEEP_BACKOFF
     * @param dailyCalls  the catalog's list calls per quota day, shared with the sync
     */
    public record Config(Duration minInterval, Duration backoff, int dailyCalls) {
    }

    public sealed interface Step {
    }

    /** Nothing to ask for sweeps now; the sync may go on. {@code dropMisses}: sweeps are paused, the signalled misses go. */
    public record Idle(SweepProgress sweep, boolean dropMisses) implements Step {
    }

    /** Ask for this page; {@code sync} already counts the call against the day's share. */
    public record Request(SyncProgress sync, SweepProgress sweep, LeadListQuery query) implements Step {
    }

    /** The daily share is spent: tell every instance that sweeps are off until {@code untilMs} (the reset); misses go. */
    public record Off(SweepProgress sweep, long untilMs) implements Step {
    }

    /** A page's answer applied; {@code ended}: the sweep is over ({@code complete}: it covered what it set out to). */
    public record Applied(SyncProgress sync, SweepProgress sweep, List<MappedLead> leads, boolean ended, boolean complete) {
    }

    private final Config config;

    public SweepPlan(Config config) {
        this.config = config;
    }

    /** Whether a miss signalled now is kept for a sweep: not while sweeps are paused or the share is spent. */
    public boolean accepts(SweepProgress s, SyncProgress sync, long nowMs) {
        return nowMs >= s.pausedUntilMs() && s.offPublishedMs() != sync.budgetDayMs();
    }

    /** @param sync the sync's progress in the current quota day ({@link SyncPlan#inQuotaDay}); the gate is open */
    public Step next(SyncProgress sync, SweepProgress s, long nowMs) {
        if (s.running()) {
            if (sync.callsToday() >= config.dailyCalls()) {
                return new Off(s.ended(false, s.pausedUntilMs()).dropped().offPublished(sync.budgetDayMs()), sync.budgetDayMs());
            }
            return new Request(counted(sync), s, new LeadListQuery(s.page(), s.limit(), false, null, List.of()));
        }
        if (!s.wanted()) {
            return new Idle(s, false);
        }
        if (!accepts(s, sync, nowMs)) {
            return new Idle(s.dropped(), true);
        }
        if (s.lastStartedAtMs() >= 0 && nowMs < s.lastStartedAtMs() + config.minInterval().toMillis()) {
            return new Idle(s, false);
        }
        if (sync.callsToday() >= config.dailyCalls()) {
            return new Off(s.dropped().offPublished(sync.budgetDayMs()), sync.budgetDayMs());
        }
        SweepProgress started = s.started(nowMs, sync.newestCreatedAtMs());
        return new Request(counted(sync), started, new LeadListQuery(1, LeadListQuery.MAX_LIMIT, false, null, List.of()));
    }

    /** The answer to the page {@code asked} for. */
    public Applied applied(SyncProgress sync, SweepProgress s, LeadListQuery asked, LeadPage page) {
        if (!page.attempted()) {
            // Refused by the gate or the breaker: no call was made, so it does not count; the sweep ends without coverage.
            return new Applied(sync.withCalls(sync.budgetDayMs(), Math.max(0, sync.callsToday() - 1)), s, List.of(), true, false);
        }
        if (page.tooLarge()) {
            LeadListQuery next = asked.limit() == 1 ? new LeadListQuery(asked.page() + 1, 1, false, null, List.of()) : asked.halved();
            return new Applied(sync, s.at(next.page(), next.limit()), List.of(), false, false);
        }
        if (page.outcome() == Outcome.FOUND) {
            List<MappedLead> leads = page.leads();
            long newest = -1;
            boolean reachedOld = s.stopAtMs() < 0;
            for (MappedLead m : leads) {
                Lead lead = m.lead();
                if (lead.getCreatedAt() == null) {
                    reachedOld = true; // undated leads are listed last: every dated one is behind
                } else {
                    long created = lead.getCreatedAt().toEpochMilli();
                    newest = Math.max(newest, created);
                    reachedOld |= created <= s.stopAtMs();
                }
            }
            SyncProgress seen = sync.sawNewest(newest);
            boolean ended = reachedOld || leads.isEmpty() || !page.hasMore();
            return new Applied(seen, ended ? s : s.at(asked.page() + 1, asked.limit()), leads, ended, ended);
        }
        SyncProgress q = page.outcome() == Outcome.RATE_LIMITED && page.resumeAt() != null
                ? sync.rateLimitedUntil(Math.max(sync.rateLimitedUntilMs(), page.resumeAt().toEpochMilli())) : sync;
        return new Applied(q, s, List.of(), true, false);
    }

    /**
     * The sweep is over ({@code complete}: it covered what it set out to; else the next sweep covers its misses too). A
     * complete sweep that resolved fewer than {@link #POOR} misses pauses sweeps.
     */
    public SweepProgress ended(SweepProgress s, boolean complete, long nowMs) {
        long pausedUntil = complete && s.resolved() < POOR ? nowMs + config.backoff().toMillis() : s.pausedUntilMs();
        return s.ended(complete, pausedUntil);
    }

    private static SyncProgress counted(SyncProgress sync) {
        return sync.withCalls(sync.budgetDayMs(), sync.callsToday() + 1);
    }
}
