package io.rotor.enricher.catalog;

import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.rotor.LeadListQuery;
import java.time.Duration;

/**
 * What a key can serve with and without the catalog sync, in the words start-up and {@code check} print: one
 * {@code GET /leads/{id}} per distinct uncached lead, against up to 1,000 leads per {@code GET /leads} call.
 */
public final class CatalogArithmetic {
    private CatalogArithmetic() {
    }

    /** The start-up and {@code check} line for the settings in force. */
    public static String summary(TopologySettings settings) {
        int budget = settings.values().get(Settings.ROTOR_DAILY_BUDGET);
        if (!settings.catalogSync()) {
            return "catalog sync off: this key serves at most about " + budget + " distinct uncached leads a day (one "
                    + "GET /leads/{id} each, " + Settings.ROTOR_DAILY_BUDGET.name() + "=" + budget + "); "
                    + Settings.ENRICHER_CATALOG_SYNC.name() + "=true lists up to " + LeadListQuery.MAX_LIMIT
                    + " leads per call";
        }
        int calls = settings.catalogDailyCalls();
        return "catalog sync on: up to " + calls + " list calls a day (" + settings.values().get(Settings.ENRICHER_CATALOG_DAILY_SHARE)
                + " % of " + budget + ") list up to " + (long) calls * LeadListQuery.MAX_LIMIT + " leads; a full sync costs one "
                + "call per " + LeadListQuery.MAX_LIMIT + " leads and runs after each quota reset and every "
                + Durations.format(settings.catalogSyncInterval()) + "; " + sweeps(settings) + "; " + (budget - calls)
                + " calls a day are left for leads the sync and sweeps have not brought";
    }

    /** What new leads cost: a sweep per ENRICHER_SWEEP_MIN_INTERVAL with misses from the share, or one lookup each. */
    static String sweeps(TopologySettings settings) {
        if (!settings.sweeps()) {
            return "sweeps off (" + Settings.ENRICHER_NEW_LEAD_WAIT.name() + "=0s): each new lead costs one GET /leads/{id}";
        }
        return "new leads wait up to " + Durations.format(settings.newLeadWait()) + " for a sweep of the newest leads (one call "
                + "per " + LeadListQuery.MAX_LIMIT + " new leads, at most one sweep every "
                + Durations.format(settings.sweepMinInterval()) + ", from the same share) instead of one GET /leads/{id} each";
    }

    /** Syncs a day at most: one per interval (the one after the reset restarts the interval). */
    public static long syncsPerDay(Duration interval) {
        long day = Duration.ofDays(1).toMillis();
        return Math.max(1, (day + interval.toMillis() - 1) / interval.toMillis());
    }

    /** What syncing a catalog of {@code total} leads costs under the settings, for {@code check --catalog}. */
    public static String cost(long total, TopologySettings settings) {
        long perSync = Math.max(1, (total + LeadListQuery.MAX_LIMIT - 1) / LeadListQuery.MAX_LIMIT);
        long syncs = syncsPerDay(settings.catalogSyncInterval());
        int calls = settings.catalogDailyCalls();
        String line = "Rotor lists " + total + " leads: a full sync costs " + perSync + " call(s), " + syncs + " sync(s) a day at "
                + Settings.ENRICHER_CATALOG_SYNC_INTERVAL.name() + "=" + Durations.format(settings.catalogSyncInterval())
                + " cost " + perSync * syncs + " of the " + calls + " list calls a day the share allows";
        if (perSync * syncs > calls) {
            line += "; the share stops each sync after the newest " + Math.min(total, (long) calls / syncs * LeadListQuery.MAX_LIMIT)
                    + " leads: raise " + Settings.ENRICHER_CATALOG_DAILY_SHARE.name() + " or " + Settings.ENRICHER_CATALOG_SYNC_INTERVAL.name();
        }
        return line;
    }
}
