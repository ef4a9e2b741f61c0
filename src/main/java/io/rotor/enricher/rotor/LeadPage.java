package io.rotor.enricher.rotor;

import java.time.Instant;
import java.util.List;

/**
 * The answer to one {@code GET /leads} request. A page Rotor served has outcome {@link Outcome#FOUND}; every other
 * outcome is classified as for {@code GET /leads/{id}} (NOT_FOUND does not occur: an empty list is a page).
 *
 * @param outcome    FOUND for a page, else why there is none
 * @param leads      the page's leads, mapped as a lookup maps one, in Rotor's order (newest first)
 * @param skipped    entries of {@code data} that are not a lead object with a string {@code id}: not usable, counted
 * @param hasMore    {@code pagination.has_more}
 * @param total      {@code pagination.total}, or -1 when absent
 * @param httpStatus the HTTP status, 0 without a response
 * @param errorCode  Rotor's error_code, or null
 * @param message    Rotor's message or a short description; never contains the API key
 * @param resumeAt   for RATE_LIMITED and refusals: when calls may start again
 * @param attempted  whether an HTTP call was made (a refusal by the gate or breaker is not)
 * @param tooLarge   the page's body was over the cap the caller gave: ask again with a smaller limit
 */
public record LeadPage(Outcome outcome, List<LeadMapper.MappedLead> leads, int skipped, boolean hasMore, long total,
                       int httpStatus, String errorCode, String message, Instant resumeAt, boolean attempted,
                       boolean tooLarge) {
    public LeadPage {
        leads = List.copyOf(leads);
    }

    static LeadPage page(List<LeadMapper.MappedLead> leads, int skipped, boolean hasMore, long total) {
        return new LeadPage(Outcome.FOUND, leads, skipped, hasMore, total, 200, null, null, null, true, false);
    }

    static LeadPage failed(LookupResult classified) {
        return new LeadPage(classified.outcome(), List.of(), 0, false, -1, classified.httpStatus(), classified.errorCode(),
                classified.message(), classified.resumeAt(), classified.attempted(), false);
    }

    static LeadPage tooLarge(int capBytes) {
        return new LeadPage(Outcome.BAD_RESPONSE, List.of(), 0, false, -1, 200, null,
                "page body larger than " + capBytes + " bytes", null, true, true);
    }

    @Override
    public String toString() {
        // Lead fields are personal data: never printed.
        return "LeadPage[" + outcome + ", status=" + httpStatus + ", leads=" + leads.size() + ", skipped=" + skipped
                + ", hasMore=" + hasMore + ", total=" + total + (tooLarge ? ", tooLarge" : "") + "]";
    }
}
