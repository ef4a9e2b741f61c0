package io.rotor.enricher.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rotor.enricher.catalog.CatalogRecords;
import java.util.EnumMap;
import java.util.Map;

/** The leads table's meters on this instance (ENRICHER_CATALOG_SYNC). Names are public contracts (README). */
final class CatalogMetrics {
    static final String WRITTEN = "enricher.catalog.written";
    static final String UNWRITABLE = "enricher.catalog.unwritable";
    static final String LEARNED = "enricher.catalog.learned";
    static final String IGNORED = "enricher.catalog.ignored";
    static final String COMPLETED = "enricher.catalog.completed";

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

    CatalogMetrics(MeterRegistry registry) {
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
        for (Ignored why : Ignored.values()) {
            ignored.put(why, Counter.builder(IGNORED).tag("why", why.name())
                    .description("leads-table records that did not change the cache").register(registry));
        }
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

    void ignored(Ignored why) {
        ignored.get(why).increment();
    }
}
