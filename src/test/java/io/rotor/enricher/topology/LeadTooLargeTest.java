package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Leads the output topic or the cache changelog cannot hold: DLQ LEAD_TOO_LARGE, cached negatively, no thread failure. */
class LeadTooLargeTest {
    private static final TopologySettings SETTINGS = TopologyHarness.defaults();

    private static Lead withNotes(String id, int chars) {
        Lead lead = lead(id);
        lead.setNotes("n".repeat(chars));
        return lead;
    }

    @Test
    void aLeadOverTheOutputLimitDeadLettersItsEventsAndCostsOneCallPerTtl() {
        try (LogCapture logs = new LogCapture();
             TopologyHarness h = new TopologyHarness(SETTINGS, new RecordLimits(0, 20_000, 0))) {
            String id = leadId(1);
            h.lookup.answerWith(lead -> LookupResult.found(withNotes(lead, 30_000), List.of()));
            h.pipe(null, event(id));
            h.pipe(null, event(id));
            h.tick();

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(2);
            for (TestRecord<byte[], byte[]> r : dead) {
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.DLQ_REASON)).isEqualTo("LEAD_TOO_LARGE");
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                        .startsWith("the lead's output record would be at least ")
                        .endsWith("over the 20000 bytes the output topic " + SETTINGS.outputTopic() + " and the producer accept");
                assertThat(r.value()).as("the event, not the lead").isEqualTo(event(id));
            }
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(logs.lines()).filteredOn(l -> l.contains("Its events go to the DLQ as LEAD_TOO_LARGE without a call for")
                    && l.contains("raise max.message.bytes of that topic")).hasSize(1);

            KeyValueStore<String, byte[]> cache = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            CachedLead entry = CachedLead.decode(cache.get(id));
            assertThat(entry.kind()).isEqualTo(CachedLead.Kind.TOO_LARGE);
            assertThat(entry.found()).isFalse();
            // Cached for ENRICHER_CACHE_TTL from when the answer was applied (the first drain, at or after the start).
            assertThat(entry.expiresAtMs()).isBetween(TopologyHarness.START.toEpochMilli() + SETTINGS.cacheTtl().toMillis(),
                    h.now() + SETTINGS.cacheTtl().toMillis());

            // Within the TTL the next events go straight to the DLQ: no call per event.
            h.advance(Duration.ofMinutes(10));
            for (int i = 0; i < 3; i++) {
                h.pipe(null, event(id));
            }
            assertThat(h.dlq.readRecordsToList()).hasSize(3)
                    .allSatisfy(r -> assertThat(TopologyHarness.header(r.headers(), HeaderNames.DLQ_REASON)).isEqualTo("LEAD_TOO_LARGE"));
            assertThat(h.lookup.calls()).isEqualTo(1);

            // After the TTL one call asks again; a lead that shrank meanwhile is emitted.
            h.advance(SETTINGS.cacheTtl());
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.lookup.calls()).isEqualTo(2);
            assertThat(h.output.readRecord().key()).isEqualTo(id);
        }
    }

    @Test
    void aLeadThatFitsTheOutputButNotTheCacheChangelogIsTooLargeToo() {
        try (TopologyHarness h = new TopologyHarness(SETTINGS, new RecordLimits(0, 0, 20_000))) {
            String id = leadId(2);
            h.lookup.answerWith(lead -> LookupResult.found(withNotes(lead, 25_000), List.of()));
            h.pipe(null, event(id));
            h.tick();
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("LEAD_TOO_LARGE");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .startsWith("the lead's cache entry would be ")
                    .contains("the changelog " + SETTINGS.applicationId() + "-lead-cache-changelog");
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void anEventWhoseHeadersPushTheOutputOverTheLimitGoesAloneWhileTheLeadStaysCached() {
        TopologySettings settings = SETTINGS.with(Settings.ENRICHER_PASS_HEADERS, List.of("note"));
        try (TopologyHarness h = new TopologyHarness(settings, new RecordLimits(0, 20_000, 0))) {
            String id = leadId(3);
            h.lookup.answerWith(lead -> LookupResult.found(withNotes(lead, 15_000), List.of()));
            h.pipe(null, event(id), headers("note", "h".repeat(8_000)));
            h.pipe(null, event(id));
            h.tick();

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("LEAD_TOO_LARGE");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE)).endsWith(", with this event's headers");
            assertThat(h.dlq.isEmpty()).isTrue();
            assertThat(h.output.readRecord().headers().lastHeader("note")).isNull();

            h.pipe(null, event(id));
            assertThat(h.output.readRecord().key()).isEqualTo(id);
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }
}
