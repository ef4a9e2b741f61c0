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
            assertThat(registry.get(TopologyMetrics.EVENTS_IN).counter().count()).as("malformed included").isEqualTo(4);
            assertThat(registry.get(TopologyMetrics.EVENTS_OUT).counter().count()).isEqualTo(3);
        }
    }

    @Test
    void theOldestParkedRetrysFirstFailureIsKeptUntilItIsReleasedAndTheMaxAgeIsExposed() {
        TopologySettings settings = TopologyHarness.defaults();
        try (TopologyHarness h = new TopologyHarness(settings)) {
            SimpleMeterRegistry registry = h.registry;
            assertThat(registry.get(TopologyMetrics.MAX_RETRY_AGE).gauge().value()).isEqualTo(settings.maxRetryAge().toSeconds());
            assertThat(registry.get(TopologyMetrics.OLDEST_FIRST_FAILURE).gauge().value()).isZero();
            java.time.Instant until = java.time.Instant.ofEpochMilli(h.now()).plus(java.time.Duration.ofMinutes(10));
            h.gate.close(until, io.rotor.enricher.rotor.Outcome.RATE_LIMITED);
            long first = h.now();
            h.pipe(null, event(leadId(1)));
            h.advance(java.time.Duration.ofSeconds(30));
            h.pipe(null, event(leadId(2)));
            h.advance(java.time.Duration.ofSeconds(1));
            assertThat(registry.get(TopologyMetrics.PARKED).gauge().value()).isEqualTo(2);
            assertThat(registry.get(TopologyMetrics.OLDEST_FIRST_FAILURE).gauge().value()).as("the first event's refusal")
                    .isBetween((double) first, (double) first + 1_000);

            h.lookup.answerWith(TopologyHarness::foundFor);
            h.advance(java.time.Duration.ofMinutes(10).plus(settings.rateLimitSpread()).plusMinutes(1));
            assertThat(registry.get(TopologyMetrics.PARKED).gauge().value()).isZero();
            assertThat(registry.get(TopologyMetrics.OLDEST_FIRST_FAILURE).gauge().value()).isZero();
        }
    }
}
