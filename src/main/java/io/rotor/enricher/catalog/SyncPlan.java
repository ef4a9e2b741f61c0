package io.rotor.enricher.catalog;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.DailyReset;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper.MappedLead;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The catalog sync's decisions as pure functions of its {@link SyncProgress}, the time and the gate, so every rule is
 * tested without Kafka or HTTP: when a sync is due (never synced, ENRICHER_CATALOG_SYNC_INTERVAL since the last
 * start, or the quota came back since: a daily reset, or the end of a 429's closing), which page comes next, the
 * daily share, and what a page's answer changes. One page at a time: the caller asks for the next step only once the
 * last page's answer is applied.
 */
public final class SyncPlan {
    /** After a failed page the sync waits this long, doubling per failure up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * @param interval   ENRICHER_CATALOG_SYNC_INTERVAL
     * @param dailyCalls list calls per quota day for the whole fleet (ENRICHER_CATALOG_DAILY_SHARE of ROTOR_DAILY_BUDGET)
     * @param archived   ENRICHER_CATALOG_ARCHIVED
     * @param stage      ENRICHER_CATALOG_STAGE, empty for all
     * @param tags       ENRICHER_CATALOG_TAGS, empty for all
     * @param reset      when the key's quota resets
     */
    public record Config(Duration interval, int dailyCalls, boolean archived, String stage, List<String> tags, DailyReset reset) {
        public Config {
            tags = List.copyOf(tags);
        }
    }

    /** What the syncer does now. */
    public sealed interface Step {
        /** The progress to keep (a new quota day resets the day's calls even while nothing is asked). */
        SyncProgress progress();
    }

    /** Nothing to ask now, and why: {@code idle} (not due), {@code gate}, {@code budget}, {@code backoff}. */
    public record Wait(SyncProgress progress, String why) implements Step {
    }

    /** Ask for this page; {@code progress} already counts the call against the day's share (kept before the call). */
    public record Request(SyncProgress progress, LeadListQuery query) implements Step {
    }

    /** A page's answer applied: the progress after it, and the leads to write to the table. */
    public record Applied(SyncProgress progress, List<MappedLead> leads) {
    }

    private final Config config;

    public SyncPlan(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    public Step next(SyncProgress current, long nowMs, boolean gateClosed) {
        SyncProgress p = inQuotaDay(current, nowMs);
        if (gateClosed) {
            return new Wait(p, "gate");
        }
        if (p.running() && quotaCameBack(p.startedAtMs(), p, nowMs)) {
            p = p.started(nowMs, firstPass()); // ran into a reset: start over from the newest leads
        }
        if (!p.running()) {
            boolean due = p.lastStartedAtMs() < 0 || nowMs >= p.lastStartedAtMs() + config.interval().toMillis()
                    || quotaCameBack(p.lastStartedAtMs(), p, nowMs);
            if (!due) {
                return new Wait(p, "idle");
            }
            if (p.callsToday() >= config.dailyCalls()) {
                return new Wait(p, "budget");
            }
            p = p.started(nowMs, firstPass());
        }
        if (nowMs < p.retryAtMs()) {
            return new Wait(p, "backoff");
        }
        if (p.callsToday() >= config.dailyCalls()) {
            return new Wait(p, "budget");
        }
        LeadListQuery query = new LeadListQuery(p.page(), p.limit(), p.pass() == SyncProgress.Pass.ARCHIVED,
                config.stage().isEmpty() ? null : config.stage(), config.tags());
        return new Request(p.withCalls(p.budgetDayMs(), p.callsToday() + 1), query);
    }

    /** The answer to the page {@code asked} for, applied to the progress that asked. */
    public Applied applied(SyncProgress p, LeadListQuery asked, LeadPage page, long nowMs) {
        if (!page.attempted()) {
            // Refused by the gate or the breaker: no call was made, so it does not count; the same page comes next.
            return new Applied(p.withCalls(p.budgetDayMs(), Math.max(0, p.callsToday() - 1)), List.of());
        }
        if (page.tooLarge()) {
            if (asked.limit() == 1) {
                // One lead over the cap: leave it to its lookup by id, go on after it.
                return new Applied(p.at(p.pass(), asked.page() + 1, 1, p.sawActive()), List.of());
            }
            LeadListQuery half = asked.halved();
            return new Applied(p.at(p.pass(), half.page(), half.limit(), p.sawActive()), List.of());
        }
        if (page.outcome() == Outcome.FOUND) {
            List<MappedLead> leads = page.leads();
            long newest = -1;
            boolean sawActive = p.sawActive();
            for (MappedLead m : leads) {
                Lead lead = m.lead();
                if (lead.getCreatedAt() != null) {
                    newest = Math.max(newest, lead.getCreatedAt().toEpochMilli());
                }
                sawActive |= p.pass() == SyncProgress.Pass.ARCHIVED && !Boolean.TRUE.equals(lead.getArchived());
            }
            SyncProgress q = p.wrote(leads.size(), newest);
            if (page.hasMore() && !leads.isEmpty()) {
                q = q.at(p.pass(), asked.page() + 1, asked.limit(), sawActive);
            } else if (p.pass() == SyncProgress.Pass.ARCHIVED && !sawActive) {
                // archived=true listed archived leads only: the others need Rotor's default listing.
                q = q.at(SyncProgress.Pass.ACTIVE, 1, LeadListQuery.MAX_LIMIT, false);
            } else {
                q = q.completed(nowMs);
            }
            return new Applied(q, leads);
        }
        if (page.outcome() == Outcome.RATE_LIMITED || page.outcome() == Outcome.AUTH_FAILED) {
            // The client closed the gate: the same page once it reopens (after the reset a new sync starts instead).
            SyncProgress q = page.outcome() == Outcome.RATE_LIMITED && page.resumeAt() != null
                    ? p.rateLimitedUntil(Math.max(p.rateLimitedUntilMs(), page.resumeAt().toEpochMilli())) : p;
            return new Applied(q, List.of());
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(20, p.failures()));
        return new Applied(p.failed(nowMs + backoff), List.of());
    }

    /** The gate as the syncer sees it: a closing by a 429 marks when the quota comes back. */
    public SyncProgress sawRateLimitedUntil(SyncProgress p, Instant closedUntil) {
        long until = closedUntil.toEpochMilli();
        return until > p.rateLimitedUntilMs() ? p.rateLimitedUntil(until) : p;
    }

    private SyncProgress.Pass firstPass() {
        return config.archived() ? SyncProgress.Pass.ARCHIVED : SyncProgress.Pass.ACTIVE;
    }

    /** The progress in the quota day of {@code nowMs}: a new day starts its call count at 0. */
    public SyncProgress inQuotaDay(SyncProgress p, long nowMs) {
        long day = config.reset().nextAfter(Instant.ofEpochMilli(nowMs)).toEpochMilli();
        return p.budgetDayMs() == day ? p : p.withCalls(day, 0);
    }

    /** Whether the quota was reset after {@code sinceMs} and by {@code nowMs}. */
    private boolean quotaCameBack(long sinceMs, SyncProgress p, long nowMs) {
        if (sinceMs < 0) {
            return false;
        }
        return config.reset().nextAfter(Instant.ofEpochMilli(sinceMs)).toEpochMilli() <= nowMs
                || (p.rateLimitedUntilMs() > sinceMs && p.rateLimitedUntilMs() <= nowMs);
    }
}
