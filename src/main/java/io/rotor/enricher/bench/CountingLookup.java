package io.rotor.enricher.bench;

import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the client the topology calls and counts, from the client's side: lookups that made an HTTP call, and
 * those of them that started after a 429 had been received (the quota scenario's figure, which must be 0).
 * A lookup that was already in flight when the 429 arrived started before it and is not counted here; the
 * sandbox reports those apart as late arrivals.
 */
public final class CountingLookup implements LeadLookup {
    private static final long NONE = Long.MAX_VALUE;

    private final LeadLookup delegate;
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong startedAfterFirst429 = new AtomicLong();
    private final AtomicLong first429ReceivedNanos = new AtomicLong(NONE);

    public CountingLookup(LeadLookup delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<LookupResult> lookup(String leadId) {
        long started = System.nanoTime();
        return delegate.lookup(leadId).whenComplete((result, error) -> {
            if (result == null || !result.attempted()) {
                return;
            }
            attempted.incrementAndGet();
            long first429 = first429ReceivedNanos.get();
            if (first429 != NONE && started > first429) {
                startedAfterFirst429.incrementAndGet();
            }
            if (result.outcome() == Outcome.RATE_LIMITED) {
                first429ReceivedNanos.accumulateAndGet(System.nanoTime(), Math::min);
            }
        });
    }

    /** Lookups that made an HTTP call. */
    public long attempted() {
        return attempted.get();
    }

    /** Lookups that made an HTTP call although they started after a 429 had been received. */
    public long startedAfterFirst429() {
        return startedAfterFirst429.get();
    }

    public boolean saw429() {
        return first429ReceivedNanos.get() != NONE;
    }
}
