package io.rotor.enricher.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rotor.enricher.envelope.DlqReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** The topology's meters, summed over the tasks of this instance. Names are public contracts (README). */
public final class TopologyMetrics {
    public static final String IN_FLIGHT = "enricher.lookups.in.flight";
    public static final String LOOKUPS_STARTED = "enricher.lookups.started";
    public static final String PENDING = "enricher.events.pending";
    public static final String QUEUED = "enricher.leads.queued";
    public static final String PARKED = "enricher.retries.parked";
    public static final String OLDEST_DUE = "enricher.retries.oldest.due";
    public static final String DLQ_RECORDS = "enricher.dlq.records";
    public static final String CACHE_HITS = "enricher.cache.hits";
    public static final String CACHE_MISSES = "enricher.cache.misses";

    final AtomicLong pending = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    final AtomicLong parked = new AtomicLong();
    /** Earliest due time of each task's parked events (keyed by the processor instance). */
    final Map<Object, Long> oldestDue = new ConcurrentHashMap<>();
    private final Counter lookupsStarted;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Map<DlqReason, Counter> deadLettered = new EnumMap<>(DlqReason.class);

    TopologyMetrics(MeterRegistry registry, Semaphore inFlight, int maxInFlight) {
        Gauge.builder(IN_FLIGHT, inFlight, s -> maxInFlight - s.availablePermits())
                .description("Rotor lookups in flight on this instance").register(registry);
        Gauge.builder(PENDING, pending, AtomicLong::get).description("events waiting for a lookup").register(registry);
        Gauge.builder(QUEUED, queued, AtomicLong::get).description("leads waiting for a lookup slot").register(registry);
        Gauge.builder(PARKED, parked, AtomicLong::get).description("events parked for retry").register(registry);
        Gauge.builder(OLDEST_DUE, oldestDue, m -> m.values().stream().mapToLong(Long::longValue).min().orElse(0))
                .description("earliest due time of a parked retry, epoch ms (0: none)").register(registry);
        lookupsStarted = Counter.builder(LOOKUPS_STARTED).description("Rotor lookups started").register(registry);
        cacheHits = Counter.builder(CACHE_HITS).description("events answered from the lead cache").register(registry);
        cacheMisses = Counter.builder(CACHE_MISSES).description("events that needed a lookup").register(registry);
        for (DlqReason reason : DlqReason.values()) {
            deadLettered.put(reason, Counter.builder(DLQ_RECORDS).tag("reason", reason.name())
                    .description("records written to the dead-letter topic").register(registry));
        }
    }

    void lookupStarted() {
        lookupsStarted.increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void deadLettered(DlqReason reason) {
        deadLettered.get(reason).increment();
    }
}
