package io.rotor.enricher.topology;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * What all tasks of one topology instance share: the in-flight limiter (ENRICHER_MAX_IN_FLIGHT distinct leads
 * per instance, not per task), the last gate state this instance published, and the meters.
 */
final class SharedRuntime {
    final Semaphore inFlight;
    final GateSync.Published gatePublished = new GateSync.Published();
    final TopologyMetrics metrics;
    final CatalogMetrics catalogMetrics;
    /** The catalog sync's progress while this instance runs the syncer's task, else null (for the gauges). */
    final java.util.concurrent.atomic.AtomicReference<io.rotor.enricher.catalog.SyncProgress> syncProgress =
            new java.util.concurrent.atomic.AtomicReference<>();

    SharedRuntime(int maxInFlight, java.time.Duration maxRetryAge, MeterRegistry registry) {
        this.inFlight = new Semaphore(Math.max(1, maxInFlight));
        this.metrics = new TopologyMetrics(registry, inFlight, Math.max(1, maxInFlight), maxRetryAge);
        this.catalogMetrics = new CatalogMetrics(registry, syncProgress);
    }
}
