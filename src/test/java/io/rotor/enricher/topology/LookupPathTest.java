package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.traceparent;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class LookupPathTest {

    private static LookupResult found(String id) {
        return LookupResult.found(lead(id), List.of());
    }

    @Test
    void missThenHitEmitsTheLeadWithExactHeaders() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(1);
            long t0 = h.now();
            h.pipe(utf8("k-1"), event(id), headers("traceparent", traceparent(1), "__value_schema_id", "stale",
                    "rotor.fetched-at", "1", "x-other", "drop-me"));
            assertThat(h.lookup.calls()).isEqualTo(1);
            assertThat(h.output.isEmpty()).isTrue();

            h.lookup.complete(id, LookupResult.found(lead(id), List.of("priority: urgent")));
            h.tick();

            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(out.key()).isEqualTo(id);
            assertThat(TestLeadSerializer.deserialize(out.value())).isEqualTo(lead(id));
            List<String> names = new ArrayList<>();
            for (Header header : out.headers()) {
                names.add(header.key());
            }
            assertThat(names).containsExactly(HeaderNames.ORIGIN_TOPIC, HeaderNames.ORIGIN_PARTITION, HeaderNames.ORIGIN_OFFSET,
                    HeaderNames.ORIGIN_TIMESTAMP, HeaderNames.ORIGIN_KEY, HeaderNames.FETCHED_AT, HeaderNames.CACHE_HIT, HeaderNames.STALE,
                    HeaderNames.WARNING, "traceparent");
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_TOPIC)).isEqualTo(h.settings.inputTopic());
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_PARTITION)).isEqualTo("0");
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_OFFSET)).isEqualTo("0");
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_TIMESTAMP)).isEqualTo(Long.toString(t0));
            assertThat(out.headers().lastHeader(HeaderNames.ORIGIN_KEY).value()).isEqualTo(utf8("k-1"));
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.FETCHED_AT)).isEqualTo(Long.toString(h.now()));
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.CACHE_HIT)).isEqualTo("false");
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.STALE)).isEqualTo("false");
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.WARNING)).isEqualTo("priority: urgent");
            assertThat(TopologyHarness.header(out.headers(), "traceparent")).isEqualTo(traceparent(1));
            assertThat(out.headers().lastHeader("__value_schema_id")).isNull();

            // A second event within the TTL: answered from the cache at once, no call.
            long fetched = Long.parseLong(TopologyHarness.header(out.headers(), HeaderNames.FETCHED_AT));
            h.advance(Duration.ofMinutes(5));
            h.pipe(null, event(id));
            TestRecord<String, byte[]> hit = h.output.readRecord();
            assertThat(TopologyHarness.header(hit.headers(), HeaderNames.CACHE_HIT)).isEqualTo("true");
            assertThat(TopologyHarness.header(hit.headers(), HeaderNames.STALE)).isEqualTo("false");
            assertThat(TopologyHarness.header(hit.headers(), HeaderNames.FETCHED_AT)).isEqualTo(Long.toString(fetched));
            assertThat(TopologyHarness.header(hit.headers(), HeaderNames.WARNING)).isEqualTo("priority: urgent");
            assertThat(hit.headers().lastHeader(HeaderNames.ORIGIN_KEY)).as("null input key: header absent").isNull();
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }

    @Test
    void expiredCacheEntryIsLookedUpAgainAndFetchedAtNeverDecreases() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_CACHE_TTL, Duration.ofMinutes(10));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(2);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            h.tick();
            long first = fetchedAt(h.output.readRecord());
            h.advance(Duration.ofMinutes(11));
            h.pipe(null, event(id));
            h.tick();
            TestRecord<String, byte[]> second = h.output.readRecord();
            assertThat(TopologyHarness.header(second.headers(), HeaderNames.CACHE_HIT)).isEqualTo("false");
            assertThat(fetchedAt(second)).isGreaterThan(first);
            assertThat(h.lookup.callsFor(id)).isEqualTo(2);
        }
    }

    @Test
    void bypassRuleForcesAFreshLookup() {
        TopologySettings settings = TopologyHarness.defaults()
                .with(Settings.ENRICHER_CACHE_BYPASS, Optional.of(TopologySettings.CacheBypass.parse("/type=lead.updated")));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(3);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            h.tick();
            h.pipe(null, event(id, "lead.created", 1));
            h.pipe(null, event(id, "lead.updated", 2));
            h.tick();
            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).hasSize(3);
            assertThat(out).extracting(r -> TopologyHarness.header(r.headers(), HeaderNames.CACHE_HIT)).containsExactly("false", "true", "false");
            assertThat(h.lookup.callsFor(id)).isEqualTo(2);
            assertThat(out).extracting(LookupPathTest::fetchedAt).isSorted();
        }
    }

    @Test
    void singleFlightNEventsOneCall() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(4);
            for (int i = 0; i < 50; i++) {
                h.pipe(null, event(id, "lead.created", i), headers("traceparent", traceparent(i)));
            }
            assertThat(h.lookup.calls()).isEqualTo(1);
            h.lookup.complete(id, found(id));
            h.tick();
            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).hasSize(50);
            assertThat(out).extracting(r -> TopologyHarness.header(r.headers(), "traceparent"))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(Fixtures::traceparent).toList());
            assertThat(out).extracting(LookupPathTest::fetchedAt).containsOnly(fetchedAt(out.get(0)));
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }

    @Test
    void inFlightBoundQueuesLeadsAndReleasesThemAsSlotsFree() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_IN_FLIGHT, 3);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            for (int i = 0; i < 10; i++) {
                h.pipe(null, event(leadId(100 + i)));
                h.pipe(null, event(leadId(100 + i)));
            }
            assertThat(h.lookup.calls()).isEqualTo(3);
            assertThat(h.lookup.openCalls()).isEqualTo(3);
            int emitted = 0;
            while (h.lookup.openCalls() > 0) {
                assertThat(h.lookup.openCalls()).isLessThanOrEqualTo(3);
                for (String open : h.lookup.openLeads()) {
                    h.lookup.complete(open, found(open));
                }
                h.tick();
                emitted += h.output.readRecordsToList().size();
            }
            assertThat(emitted).isEqualTo(20);
            assertThat(h.lookup.calls()).isEqualTo(10);
        }
    }

    @Test
    void expiredCacheEntriesArePurgedByThePunctuator() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_CACHE_TTL, Duration.ofMinutes(2));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(leadId(7)));
            h.tick();
            org.apache.kafka.streams.state.KeyValueStore<String, byte[]> cache = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            assertThat(cache.get(leadId(7))).isNotNull();
            h.step(Duration.ofMinutes(1));
            assertThat(cache.get(leadId(7))).as("fresh entries stay").isNotNull();
            h.step(Duration.ofMinutes(1).plusSeconds(1));
            h.step(Duration.ofMinutes(1));
            assertThat(cache.get(leadId(7))).isNull();
        }
    }

    static long fetchedAt(TestRecord<String, byte[]> r) {
        return Long.parseLong(TopologyHarness.header(r.headers(), HeaderNames.FETCHED_AT));
    }
}
