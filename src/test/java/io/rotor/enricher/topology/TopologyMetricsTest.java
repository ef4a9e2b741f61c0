package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.testkit.TopologyHarness;
import org.junit.jupiter.api.Test;

class TopologyMetricsTest {

    @Test
    void metersCountLookupsCacheHitsPendingAndDeadLetters() {
        TopologySettings settings = TopologyHarness.defaults();
        try (TopologyHarness h = new TopologyHarness(settings)) {
            SimpleMeterRegistry registry = h.registry;
            String id = leadId(1);
            h.pipe(null, event(id));
            h.pipe(null, event(id));
            assertThat(registry.get(TopologyMetrics.PENDING).gauge().value()).isEqualTo(2);
            assertThat(registry.get(TopologyMetrics.IN_FLIGHT).gauge().value()).isEqualTo(1);
            h.lookup.complete(id, TopologyHarness.foundFor(id));
            h.tick();
            h.pipe(null, event(id));
            h.pipe(null, utf8("not json"));
            assertThat(registry.get(TopologyMetrics.LOOKUPS_STARTED).counter().count()).isEqualTo(1);
            assertThat(registry.get(TopologyMetrics.CACHE_HITS).counter().count()).isEqualTo(1);
            assertThat(registry.get(TopologyMetrics.CACHE_MISSES).counter().count()).isEqualTo(2);
            assertThat(registry.get(TopologyMetrics.PENDING).gauge().value()).isZero();
            assertThat(registry.get(TopologyMetrics.IN_FLIGHT).gauge().value()).isZero();
            assertThat(registry.get(TopologyMetrics.DLQ_RECORDS).tag("reason", DlqReason.INVALID_EVENT.name()).counter().count()).isEqualTo(1);
        }
    }
}
