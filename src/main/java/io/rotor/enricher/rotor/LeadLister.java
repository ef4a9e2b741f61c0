package io.rotor.enricher.rotor;

import java.util.concurrent.CompletableFuture;

/** Rotor's {@code GET /leads}, one page at a time: the port the catalog sync uses ({@link RotorClient} implements it). */
public interface LeadLister {
    /** One page; never completes exceptionally (see {@link RotorClient#listLeads}). */
    CompletableFuture<LeadPage> listLeads(LeadListQuery query, int maxBodyBytes);
}
