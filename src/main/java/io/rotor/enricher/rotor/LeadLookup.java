package io.rotor.enricher.rotor;

import java.util.concurrent.CompletableFuture;

/**
 * The topology's one port to Rotor. Implementations never block the caller and never complete the future
 * exceptionally: every failure is a {@link LookupResult} with its {@link Outcome}.
 */
@FunctionalInterface
public interface LeadLookup {
    CompletableFuture<LookupResult> lookup(String leadId);
}
