package io.rotor.enricher.testkit;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadLister;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.LeadMapper;
import io.rotor.enricher.rotor.LeadPage;
import io.rotor.enricher.rotor.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Rotor's {@code GET /leads} over an in-memory catalog, newest first, with Rotor's paging: page p of limit l holds
 * leads (p-1)·l .. p·l-1 of those the query selects, {@code has_more} while more follow. {@code archived=true} is read
 * as "include archived" or as "archived only" ({@link #archivedOnly}). {@link #override} answers chosen requests
 * otherwise (a 429, a page over the cap); {@link #hold} leaves answers open until {@link #releaseHeld}.
 */
public final class FakeLeadLister implements LeadLister {
    private final List<Lead> newestFirst = new ArrayList<>();
    private final List<LeadListQuery> requests = new ArrayList<>();
    private final List<io.rotor.enricher.rotor.CallPurpose> purposes = new ArrayList<>();
    private final List<CompletableFuture<LeadPage>> held = new ArrayList<>();
    private final List<LeadPage> heldAnswers = new ArrayList<>();
    private volatile boolean archivedOnly;
    private volatile boolean hold;
    private volatile Function<LeadListQuery, LeadPage> override = q -> null;

    /** Adds leads as the newest of the catalog, the last given being the newest. */
    public synchronized FakeLeadLister created(List<Lead> leads) {
        for (Lead lead : leads) {
            newestFirst.add(0, lead);
        }
        return this;
    }

    public FakeLeadLister archivedOnly(boolean onlyArchived) {
        this.archivedOnly = onlyArchived;
        return this;
    }

    /** Answers a request with the page this returns, when it returns one (null: the catalog answers). */
    public FakeLeadLister override(Function<LeadListQuery, LeadPage> answer) {
        this.override = answer;
        return this;
    }

    public FakeLeadLister hold(boolean holdAnswers) {
        this.hold = holdAnswers;
        return this;
    }

    public synchronized int releaseHeld() {
        int n = held.size();
        for (int i = 0; i < n; i++) {
            held.get(i).complete(heldAnswers.get(i));
        }
        held.clear();
        heldAnswers.clear();
        return n;
    }

    @Override
    public synchronized CompletableFuture<LeadPage> listLeads(LeadListQuery query, int maxBodyBytes,
                                                           io.rotor.enricher.rotor.CallPurpose purpose) {
        requests.add(query);
        purposes.add(purpose);
        LeadPage special = override.apply(query);
        LeadPage answer = special != null ? special : page(query);
        if (hold) {
            CompletableFuture<LeadPage> future = new CompletableFuture<>();
            held.add(future);
            heldAnswers.add(answer);
            return future;
        }
        return CompletableFuture.completedFuture(answer);
    }

    public synchronized List<LeadListQuery> requests() {
        return List.copyOf(requests);
    }

    /** Each request's purpose, in order. */
    public synchronized List<io.rotor.enricher.rotor.CallPurpose> purposes() {
        return List.copyOf(purposes);
    }

    private LeadPage page(LeadListQuery q) {
        List<Lead> selected = newestFirst.stream()
                .filter(l -> q.includeArchived() ? !archivedOnly || Boolean.TRUE.equals(l.getArchived())
                        : !Boolean.TRUE.equals(l.getArchived()))
                .filter(l -> q.stage() == null || q.stage().equals(l.getStage()))
                .filter(l -> q.tags().isEmpty() || (l.getTags() != null && l.getTags().stream().anyMatch(q.tags()::contains)))
                .toList();
        int from = Math.min(selected.size(), (q.page() - 1) * q.limit());
        int to = Math.min(selected.size(), from + q.limit());
        List<LeadMapper.MappedLead> leads = selected.subList(from, to).stream()
                .map(l -> new LeadMapper.MappedLead(l, List.of())).toList();
        return new LeadPage(Outcome.FOUND, leads, 0, to < selected.size(), selected.size(), 200, null, null, null, true, false);
    }

    /** A 429 whose quota comes back at {@code resumeAt}. */
    public static LeadPage rateLimited(Instant resumeAt) {
        return new LeadPage(Outcome.RATE_LIMITED, List.of(), 0, false, -1, 429, "RATE_LIMIT_EXCEEDED",
                "Daily API key request limit of 1000 exceeded", resumeAt, true, false);
    }

    /** A page whose body was over the cap. */
    public static LeadPage tooLarge() {
        return new LeadPage(Outcome.BAD_RESPONSE, List.of(), 0, false, -1, 200, null, "page body larger than the cap", null,
                true, true);
    }

    /** An upstream error. */
    public static LeadPage serverError() {
        return new LeadPage(Outcome.UPSTREAM_ERROR, List.of(), 0, false, -1, 500, null, "Internal server error", null, true, false);
    }
}
