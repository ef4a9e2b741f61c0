package io.rotor.enricher.bench;

import java.util.List;

/**
 * The events of the warm scenario and its passthrough baseline: one event per lead to fill the cache, then
 * {@code events} events spread evenly over the same leads, in the same seeded order for both.
 */
record WarmEvents(BenchEvents warmup, BenchEvents measured) {
    static final long SEED = 20_261_127L;

    static WarmEvents of(List<String> catalogIds, BenchSizes sizes) {
        BenchEvents warmup = BenchEvents.distinct("warm-up", catalogIds, sizes.warmLeads());
        BenchEvents measured = BenchEvents.uniform("warm events", warmup.leadIds(), sizes.events(), SEED);
        return new WarmEvents(warmup, measured);
    }
}
