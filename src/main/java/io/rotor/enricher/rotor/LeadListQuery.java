package io.rotor.enricher.rotor;

import java.util.List;
import java.util.Objects;

/**
 * One request of Rotor's {@code GET /leads}, which lists a company's leads newest first.
 *
 * @param page            1-based
 * @param limit           leads per page, 1..1000
 * @param includeArchived sends {@code archived=true} ("Include archived leads (default false)"); false omits it
 * @param stage           only leads in this pipeline stage, or null for all
 * @param tags            only leads with any of these tags (sent comma-separated), or empty for all
 */
public record LeadListQuery(int page, int limit, boolean includeArchived, String stage, List<String> tags) {
    /** Rotor's largest page. */
    public static final int MAX_LIMIT = 1000;

    public LeadListQuery {
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1, was " + page);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        if (stage != null && stage.isBlank()) {
            stage = null;
        }
    }

    /** The first page of all non-archived leads, {@code limit} per page. */
    public static LeadListQuery firstPage(int limit) {
        return new LeadListQuery(1, limit, false, null, List.of());
    }

    public LeadListQuery withPage(int page) {
        return new LeadListQuery(page, limit, includeArchived, stage, tags);
    }

    /** The same page position with a smaller page: the leads from where this page starts, at half the limit. */
    public LeadListQuery halved() {
        if (limit == 1) {
            throw new IllegalStateException("a page of one lead cannot be halved");
        }
        int half = limit / 2;
        // Page p of size l starts at lead (p-1)·l, which is page 2(p-1)+1 of size l/2 when l is even.
        long start = (long) (page - 1) * limit;
        return new LeadListQuery((int) (start / half) + 1, half, includeArchived, stage, tags);
    }
}
