package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The lead-cache entry format as the lookup processor uses it: serialized once per fetch, bytes reused per hit. */
class LeadCacheTest {

    @Test
    void aHitForwardsTheCachedOutputBytesWithoutCallingTheSerializer() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(1);
            h.lookup.answerWith(lead -> LookupResult.found(lead(lead), List.of("priority: urgent")));
            h.pipe(null, event(id));
            h.pipe(null, event(id));
            h.tick();
            TestRecord<String, byte[]> first = h.output.readRecord();
            TestRecord<String, byte[]> second = h.output.readRecord();
            assertThat(h.serializer.calls()).as("one serialization per fetch, not per waiting event").isEqualTo(1);
            assertThat(second.value()).isEqualTo(first.value());

            h.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 3; i++) {
                h.pipe(null, event(id));
                TestRecord<String, byte[]> hit = h.output.readRecord();
                assertThat(TopologyHarness.header(hit.headers(), HeaderNames.CACHE_HIT)).isEqualTo("true");
                assertThat(TopologyHarness.header(hit.headers(), HeaderNames.WARNING)).isEqualTo("priority: urgent");
                assertThat(hit.value()).isEqualTo(first.value());
                assertThat(TestLeadSerializer.deserialize(hit.value())).isEqualTo(lead(id));
            }
            assertThat(h.serializer.calls()).isEqualTo(1);
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }

    @Test
    void anEntryInTheOlderFormatIsAMissAndIsReplaced() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(2);
            KeyValueStore<String, byte[]> cache = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            cache.put(id, CachedLeadTest.versionOneEntry(id, h.now(), Long.MAX_VALUE));
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            assertThat(h.lookup.calls()).as("not served from the old entry").isEqualTo(1);
            h.tick();
            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.CACHE_HIT)).isEqualTo("false");
            assertThat(TestLeadSerializer.deserialize(out.value())).isEqualTo(lead(id));
            CachedLead replaced = CachedLead.decode(cache.get(id));
            assertThat(replaced.kind()).isEqualTo(CachedLead.Kind.OUTPUT);
            assertThat(replaced.payload()).isEqualTo(out.value());
        }
    }

    @Test
    void anEntryInTheOlderFormatIsPurged() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(3);
            KeyValueStore<String, byte[]> cache = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            cache.put(id, CachedLeadTest.versionOneEntry(id, h.now(), Long.MAX_VALUE));
            h.step(LookupProcessor.PURGE_INTERVAL);
            assertThat(cache.get(id)).isNull();
        }
    }

    @Test
    void aLeadTheSerializerRefusedIsSerializedAgainOnTheNextHit() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(4);
            h.serializer.failWith(lead -> new SerializationException("schema mismatch"));
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            h.tick();
            assertThat(TopologyHarness.header(h.dlq.readRecord().headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(h.output.isEmpty()).isTrue();

            // Within the TTL, as before output bytes were cached: no new call, and the serializer is asked again.
            h.serializer.failWith(lead -> null);
            h.pipe(null, event(id));
            TestRecord<String, byte[]> hit = h.output.readRecord();
            assertThat(TopologyHarness.header(hit.headers(), HeaderNames.CACHE_HIT)).isEqualTo("true");
            assertThat(TestLeadSerializer.deserialize(hit.value())).isEqualTo(lead(id));
            assertThat(h.serializer.calls()).isEqualTo(2);
            assertThat(h.lookup.calls()).isEqualTo(1);
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void aNotFoundEntryStillAnswersFromTheNegativeCache() {
        TopologySettings settings = TopologyHarness.defaults();
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(5);
            KeyValueStore<String, byte[]> cache = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            cache.put(id, CachedLead.notFound(404, "lead_not_found", "no such lead", h.now(), h.now() + 60_000).encode());
            h.pipe(null, event(id));
            assertThat(h.lookup.calls()).isZero();
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(h.retry.isEmpty() && h.dlq.isEmpty()).as("routed as a NOT_FOUND answer").isFalse();
        }
    }
}
