package io.rotor.enricher.testkit;

import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.LookupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A LeadLookup whose answers the test controls: by default every call stays open until {@link #complete}; with
 * {@link #answerWith} calls complete at once. Counts calls per lead.
 */
public final class FakeLeadLookup implements LeadLookup {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, List<CompletableFuture<LookupResult>>> open = new ConcurrentHashMap<>();
    private volatile Function<String, LookupResult> immediate;

    @Override
    public synchronized CompletableFuture<LookupResult> lookup(String leadId) {
        calls.add(leadId);
        Function<String, LookupResult> answer = immediate;
        if (answer != null) {
            return CompletableFuture.completedFuture(answer.apply(leadId));
        }
        CompletableFuture<LookupResult> future = new CompletableFuture<>();
        open.computeIfAbsent(leadId, k -> new ArrayList<>()).add(future);
        return future;
    }

    /** From now on, calls complete at once with {@code answer}; null goes back to leaving them open. */
    public void answerWith(Function<String, LookupResult> answer) {
        this.immediate = answer;
    }

    /** Completes every open call for {@code leadId}; returns how many there were. */
    public synchronized int complete(String leadId, LookupResult result) {
        List<CompletableFuture<LookupResult>> futures = open.remove(leadId);
        if (futures == null) {
            return 0;
        }
        futures.forEach(f -> f.complete(result));
        return futures.size();
    }

    public synchronized int openCalls() {
        return open.values().stream().mapToInt(List::size).sum();
    }

    public synchronized List<String> openLeads() {
        return List.copyOf(open.keySet());
    }

    public synchronized int calls() {
        return calls.size();
    }

    public synchronized long callsFor(String leadId) {
        return calls.stream().filter(leadId::equals).count();
    }
}
