package io.rotor.enricher.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.catalog.SyncProgress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The leads table's meters on this instance (ENRICHER_CATALOG_SYNC). Names are public contracts (README). */
final class CatalogMetrics {
    static final String WRITTEN = "enricher.catalog.written";
    static final String UNWRITABLE = "enricher.catalog.unwritable";
    static final String LEARNED = "enricher.catalog.learned";
    static final String IGNORED = "enricher.catalog.ignored";
    static final String COMPLETED = "enricher.catalog.completed";
    static final String LIST_CALLS = "enricher.catalog.list.calls";
    static final String SYNC_RUNNING = "enricher.catalog.sync.running";
    static final String SYNC_AGE = "enricher.catalog.sync.age";
    static final String SYNC_DURATION = "enricher.catalog.sync.duration";
    static final String SIZE = "enricher.catalog.size";
    static final String CALLS_TODAY = "enricher.catalog.calls.today";
    static final String SWEEPS = "enricher.catalog.sweeps";
    static final String MISSES_SIGNALLED = "enricher.catalog.misses.signalled";
    static final String MISSES_RESOLVED = "enricher.catalog.misses.resolved";
    static final String MISSES_BY_ID = "enricher.catalog.misses.by-id";
    static final String MISSES_WAITING = "enricher.catalog.misses.waiting";
    static final String MISS_WAIT = "enricher.catalog.miss.wait";

    /** How a sweep ended. */
    enum SweepResult {
        /** it reached the leads the one before had seen and resolved at least 2 misses */
        RESOLVED,
        /** it resolved fewer than 2: sweeps pause for ENRICHER_SWEEP_BACKOFF */
        POOR,
        /** a page failed (or the gate refused it): no coverage published; the misses wait out their bound */
        FAILED,
        /** the daily share was spent: sweeps are off until the reset */
        BUDGET
    }

    /** Why a miss went to its lookup by id. */
    enum ByIdWhy {
        /** ENRICHER_NEW_LEAD_WAIT passed */
        WAIT,
        /** a sweep that started after the miss did not find it */
        MISSED,
        /** sweeps are off (paused after a poor sweep, or the daily share is spent) */
        OFF
    }

    /** Why a table record did not change the cache. */
    enum Ignored {
        /** on another partition than its key's: not written by this application's partitioner */
        WRONG_PARTITION,
        /** not newer than what the cache holds ({@code fetched-at} never goes backwards) */
        NOT_NEWER,
        /** a tombstone: the lookup that wrote it has already cached its NOT_FOUND */
        TOMBSTONE,
        /** fetched more than ENRICHER_CACHE_TTL ago (an old table record read at the first start) */
        EXPIRED,
        /** a value the serde cannot read, or no {@code rotor.fetched-at} */
        UNREADABLE
    }

    private final Map<CatalogRecords.Source, Counter> leadsWritten = new EnumMap<>(CatalogRecords.Source.class);
    private final Counter tombstonesWritten;
    private final Counter unwritable;
    private final Counter learned;
    private final Counter completed;
    private final Map<Ignored, Counter> ignored = new EnumMap<>(Ignored.class);
    private final Counter listCalls;
    private final Map<SweepResult, Counter> sweeps = new EnumMap<>(SweepResult.class);
    private final Counter signalled;
    private final Map<CatalogRecords.Source, Counter> resolved = new EnumMap<>(CatalogRecords.Source.class);
    private final Map<ByIdWhy, Counter> byId = new EnumMap<>(ByIdWhy.class);
    private final Timer missWait;
    /** Misses waiting for a sweep in this instance's tasks. */
    final AtomicLong waiting = new AtomicLong();

    /** @param sync the sync's progress while this instance runs it, else null: its gauges read -1 then */
    CatalogMetrics(MeterRegistry registry, AtomicReference<SyncProgress> sync) {
        listCalls = Counter.builder(LIST_CALLS).description("GET /leads requests the catalog sync of this instance started")
                .register(registry);
        Gauge.builder(SYNC_RUNNING, sync, s -> s.get() == null ? -1 : s.get().running() ? 1 : 0)
                .description("1 while a catalog sync runs on this instance, 0 between syncs, -1 where the syncer task is not")
                .register(registry);
        Gauge.builder(SYNC_AGE, sync, s -> s.get() == null ? -1
                        : s.get().lastCompletedAtMs() < 0 ? -1 : (System.currentTimeMillis() - s.get().lastCompletedAtMs()) / 1000.0)
                .baseUnit("seconds").description("time since the last complete catalog sync ended; -1 before one, or where the syncer task is not")
                .register(registry);
        Gauge.builder(SYNC_DURATION, sync, s -> s.get() == null ? -1 : s.get().lastDurationMs() / 1000.0).baseUnit("seconds")
                .description("how long the last complete catalog sync took; -1 where the syncer task is not").register(registry);
        Gauge.builder(SIZE, sync, s -> s.get() == null ? -1 : s.get().lastLeads())
                .description("leads the last complete catalog sync wrote to the leads table; -1 where the syncer task is not")
                .register(registry);
        Gauge.builder(CALLS_TODAY, sync, s -> s.get() == null ? -1 : s.get().callsToday())
                .description("list calls the fleet's catalog sync made in this quota day; -1 where the syncer task is not")
                .register(registry);
        for (CatalogRecords.Source source : CatalogRecords.Source.values()) {
            leadsWritten.put(source, Counter.builder(WRITTEN).tag("kind", "lead").tag("source", source.headerValue())
                    .description("records this instance wrote to the leads table").register(registry));
        }
        tombstonesWritten = Counter.builder(WRITTEN).tag("kind", "tombstone").tag("source", CatalogRecords.Source.LOOKUP.headerValue())
                .description("records this instance wrote to the leads table").register(registry);
        unwritable = Counter.builder(UNWRITABLE)
                .description("found leads not written to the leads table: the serde refused them or they exceed its record limit")
                .register(registry);
        learned = Counter.builder(LEARNED).description("leads from the leads table the cache took").register(registry);
        completed = Counter.builder(COMPLETED)
                .description("waiting events (pending, queued or parked) answered by a lead from the leads table").register(registry);
        for (SweepResult result : SweepResult.values()) {
            sweeps.put(result, Counter.builder(SWEEPS).tag("result", result.name())
                    .description("sweeps of the newest leads this instance's syncer ran, by how they ended").register(registry));
        }
        signalled = Counter.builder(MISSES_SIGNALLED).description("misses of leads the cache never saw, signalled to the syncer")
                .register(registry);
        for (CatalogRecords.Source source : CatalogRecords.Source.values()) {
            resolved.put(source, Counter.builder(MISSES_RESOLVED).tag("source", source.headerValue())
                    .description("signalled misses answered by the leads table while they waited, by the record's source")
                    .register(registry));
        }
        for (ByIdWhy why : ByIdWhy.values()) {
            byId.put(why, Counter.builder(MISSES_BY_ID).tag("why", why.name())
                    .description("signalled misses that went on to GET /leads/{id}, by why").register(registry));
        }
        missWait = Timer.builder(MISS_WAIT).description("how long a signalled miss waited, until the table answered or its lookup by id")
                .register(registry);
        Gauge.builder(MISSES_WAITING, waiting, AtomicLong::get).description("misses waiting for a sweep in this instance")
                .register(registry);
        for (Ignored why : Ignored.values()) {
            ignored.put(why, Counter.builder(IGNORED).tag("why", why.name())
                    .description("leads-table records that did not change the cache").register(registry));
        }
    }

    void listCall() {
        listCalls.increment();
    }

    void written(CatalogRecords.Source source) {
        leadsWritten.get(source).increment();
    }

    void tombstoneWritten() {
        tombstonesWritten.increment();
    }

    void unwritable() {
        unwritable.increment();
    }

    void learned() {
        learned.increment();
    }

    void completed(int events) {
        completed.increment(events);
    }

    void sweep(SweepResult result) {
        sweeps.get(result).increment();
    }

    void signalled() {
        signalled.increment();
    }

    void resolved(CatalogRecords.Source source, long waitedMs) {
        resolved.get(source).increment();
        missWait.record(waitedMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void byId(ByIdWhy why, long waitedMs) {
        byId.get(why).increment();
        missWait.record(waitedMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void ignored(Ignored why) {
        ignored.get(why).increment();
    }
}
