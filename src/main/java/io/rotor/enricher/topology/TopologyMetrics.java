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
    public static final String STALE_EMISSIONS = "enricher.stale.emissions";
    public static final String STALE_OLDEST_AGE = "enricher.stale.oldest.age";
    public static final String EVENTS_IN = "enricher.events.in";
    public static final String EVENTS_OUT = "enricher.events.out";
    public static final String OLDEST_FIRST_FAILURE = "enricher.retries.oldest.first.failure";
    public static final String MAX_RETRY_AGE = "enricher.retries.max.age";

    final AtomicLong pending = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    final AtomicLong parked = new AtomicLong();
    /** Earliest due time of each task's parked events (keyed by the processor instance). */
    final Map<Object, Long> oldestDue = new ConcurrentHashMap<>();
    /** Earliest first failure of each task's parked events (keyed by the processor instance). */
    final Map<Object, Long> oldestFirstFailure = new ConcurrentHashMap<>();
    private final Counter eventsIn;
    private final Counter eventsOut;
    private final Counter lookupsStarted;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Map<DlqReason, Counter> deadLettered = new EnumMap<>(DlqReason.class);
    private final Map<StaleCause, Counter> staleEmissions = new EnumMap<>(StaleCause.class);
    private final RecentMaximum staleAges = new RecentMaximum();

    TopologyMetrics(MeterRegistry registry, Semaphore inFlight, int maxInFlight, java.time.Duration maxRetryAge) {
        eventsIn = Counter.builder(EVENTS_IN).description("events read from the input topic, malformed ones included")
                .register(registry);
        eventsOut = Counter.builder(EVENTS_OUT).description("Lead records written to the output topic").register(registry);
        Gauge.builder(OLDEST_FIRST_FAILURE, oldestFirstFailure, m -> m.values().stream().mapToLong(Long::longValue).min().orElse(0))
                .description("first failure of the oldest parked retry, epoch ms (0: none); ENRICHER_MAX_RETRY_AGE counts from it")
                .register(registry);
        Gauge.builder(MAX_RETRY_AGE, maxRetryAge, d -> d.toMillis() / 1000.0).baseUnit("seconds")
                .description("ENRICHER_MAX_RETRY_AGE").register(registry);
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
        for (StaleCause cause : StaleCause.values()) {
            staleEmissions.put(cause, Counter.builder(STALE_EMISSIONS).tag("cause", cause.name())
                    .description("events emitted with an expired lead (ENRICHER_STALE_IF_ERROR), by what kept Rotor from answering")
                    .register(registry));
        }
        Gauge.builder(STALE_OLDEST_AGE, staleAges, a -> a.max() / 1000.0).baseUnit("seconds")
                .description("age (since fetched) of the oldest stale lead emitted in the last minute; 0: none")
                .register(registry);
        for (DlqReason reason : DlqReason.values()) {
            deadLettered.put(reason, Counter.builder(DLQ_RECORDS).tag("reason", reason.name())
                    .description("records written to the dead-letter topic").register(registry));
        }
    }

    void eventIn() {
        eventsIn.increment();
    }

    void eventOut() {
        eventsOut.increment();
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

    /** An event emitted with a stale copy fetched {@code ageMs} ago. */
    void staleEmitted(StaleCause cause, long ageMs, long nowMs) {
        staleEmissions.get(cause).increment();
        staleAges.record(ageMs, nowMs);
    }

    /** The topology's time moved on (a drain tick): the stale-age gauge forgets what is over a minute old. */
    void timePassed(long nowMs) {
        staleAges.advance(nowMs);
    }

    void deadLettered(DlqReason reason) {
        deadLettered.get(reason).increment();
    }
}
