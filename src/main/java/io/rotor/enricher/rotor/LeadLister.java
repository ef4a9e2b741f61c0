package io.rotor.enricher.rotor;

import java.util.concurrent.CompletableFuture;

/** Rotor's {@code GET /leads}, one page at a time: the port the catalog sync uses ({@link RotorClient} implements it). */
public interface LeadLister {
    /** One page, counted under {@code purpose} ({@code sync} or {@code sweep}); never completes exceptionally (see {@link RotorClient}). */
    CompletableFuture<LeadPage> listLeads(LeadListQuery query, int maxBodyBytes, CallPurpose purpose);

    /** A page of the full sync. */
    default CompletableFuture<LeadPage> listLeads(LeadListQuery query, int maxBodyBytes) {
        return listLeads(query, maxBodyBytes, CallPurpose.SYNC);
    }
}
