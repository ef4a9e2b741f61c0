package io.rotor.enricher.testkit;

import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.LookupResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Wraps the real Rotor client and records when each lookup started and how it ended, so a test can compare a
 * retry's not-before with when the next call for that lead left the service (which is before it reached Rotor).
 */
public final class RecordingLookup implements LeadLookup {
    /** One lookup: {@code result} and {@code completedAt} are null while it is in flight. */
    public record Call(String leadId, Instant startedAt, Instant completedAt, LookupResult result) {
        /** Whether an HTTP call was made (the gate or breaker did not refuse it). */
        public boolean reachedRotor() {
            return result != null && result.attempted();
        }
    }

    private final LeadLookup delegate;
    private final Clock clock;
    private final List<Call> calls = new ArrayList<>();

    public RecordingLookup(LeadLookup delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<LookupResult> lookup(String leadId) {
        Instant started = clock.instant();
        int index;
        synchronized (calls) {
            index = calls.size();
            calls.add(new Call(leadId, started, null, null));
        }
        return delegate.lookup(leadId).whenComplete((result, failure) -> {
            Instant completed = clock.instant();
            synchronized (calls) {
                calls.set(index, new Call(leadId, started, completed, result));
            }
        });
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> callsFor(String leadId) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls()) {
            if (c.leadId().equals(leadId)) {
                out.add(c);
            }
        }
        return out;
    }
}
