package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.catalog.SweepWatermark;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: misses of leads the cache never saw wait for a sweep of the newest leads instead of one GET /leads/{id}
 * each; the watermark, the wait bound, the spacing, the back-off and the daily share decide when they go by id.
 */
class CatalogSweepTest {
    /** Leads the first sync finds: created in 2019 (the fixture's created_at). */
    private static final int OLD = 100;

    private static TopologySettings on() {
        return TopologyHarness.defaults().with(Settings.ENRICHER_CATALOG_SYNC, true);
    }

    /** A harness whose first full sync has listed {@link #OLD} old leads, and whose lookups by id find every lead. */
    private static TopologyHarness synced(TopologySettings settings) {
        TopologyHarness h = new TopologyHarness(settings);
        List<Lead> old = new ArrayList<>();
        for (int i = 0; i < OLD; i++) {
            old.add(lead(leadId(i)));
        }
        h.lister.created(old);
        h.advance(Duration.ofMillis(500));
        assertThat(h.lister.requests()).as("the first sync").hasSize(1);
        h.catalogOut.readRecordsToList();
        h.lookup.answerWith(TopologyHarness::foundFor);
        return h;
    }

    /** {@code count} leads created now, in Rotor's catalog but not in the table: new since the sync. */
    private static List<String> create(TopologyHarness h, int from, int count) {
        List<Lead> made = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            made.add(Lead.newBuilder(lead(leadId(i))).setCreatedAt(Instant.ofEpochMilli(h.now() - count + (i - from))).build());
            ids.add(leadId(i));
        }
        h.lister.created(made);
        return ids;
    }

    private static Set<String> keys(List<TestRecord<String, byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    private static double counter(TopologyHarness h, String name, String tag, String value) {
        return h.registry.get(name).tag(tag, value).counter().count();
    }

    private static int sweepsAsked(TopologyHarness h) {
        return h.lister.requests().size() - 1; // the first sync's one page apart
    }

    @Test
    void newLeadsAreResolvedInABatchByOneSweepThroughTheOneSyncerWithNoLookupById() {
        try (TopologyHarness h = synced(on())) {
            List<String> fresh = create(h, 1_000, 50);
            fresh.forEach(id -> h.pipe(null, event(id)));
            fresh.forEach(id -> h.pipe(null, event(id))); // a second event each: still one signal per lead
            h.advance(Duration.ofMillis(500));

            assertThat(h.lookup.calls()).as("no GET /leads/{id}").isZero();
            assertThat(sweepsAsked(h)).as("one list call for 50 new leads").isEqualTo(1);
            assertThat(h.lister.purposes()).containsExactly(io.rotor.enricher.rotor.CallPurpose.SYNC,
                    io.rotor.enricher.rotor.CallPurpose.SWEEP);
            LeadListQuery sweep = h.lister.requests().get(1);
            assertThat(sweep.page()).isEqualTo(1);
            assertThat(sweep.limit()).isEqualTo(1000);
            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).hasSize(100);
            assertThat(keys(out)).containsExactlyInAnyOrderElementsOf(fresh);
            List<TestRecord<String, byte[]>> table = h.catalogOut.readRecordsToList();
            assertThat(table).filteredOn(r -> fresh.contains(r.key()))
                    .allSatisfy(r -> assertThat(TopologyHarness.header(r.headers(), HeaderNames.SOURCE)).isEqualTo("sweep"));
            assertThat(h.registry.get(CatalogMetrics.MISSES_SIGNALLED).counter().count()).isEqualTo(50);
            assertThat(counter(h, CatalogMetrics.MISSES_RESOLVED, "source", "sweep")).isEqualTo(50);
            assertThat(counter(h, CatalogMetrics.SWEEPS, "result", "RESOLVED")).isEqualTo(1);
            assertThat(h.registry.get(CatalogMetrics.MISSES_WAITING).gauge().value()).isZero();
        }
    }

    @Test
    void aSweepPagesNewestFirstUntilItReachesTheLeadsThePreviousSyncHadSeen() {
        try (TopologyHarness h = synced(on())) {
            List<String> fresh = create(h, 1_000, 1_500);
            h.pipe(null, event(fresh.get(0)));
            h.pipe(null, event(fresh.get(1_499)));
            h.advance(Duration.ofSeconds(1));
            assertThat(h.lister.requests().subList(1, h.lister.requests().size())).extracting(LeadListQuery::page)
                    .as("page 2 reaches the synced leads: the sweep stops there").containsExactly(1, 2);
            assertThat(keys(h.output.readRecordsToList())).containsExactlyInAnyOrder(fresh.get(0), fresh.get(1_499));
            assertThat(h.lookup.calls()).isZero();

            // The next sweep stops at the newest lead this one saw: one page.
            List<String> later = create(h, 5_000, 3);
            h.advance(Duration.ofSeconds(10));
            later.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofSeconds(1));
            assertThat(sweepsAsked(h)).isEqualTo(3);
            assertThat(keys(h.output.readRecordsToList())).containsExactlyInAnyOrderElementsOf(later);
        }
    }

    @Test
    void aMissTheSweepDidNotFindGoesByIdAsSoonAsTheWatermarkSaysSo() {
        try (TopologyHarness h = synced(on())) {
            List<String> fresh = create(h, 1_000, 2);
            String unknown = leadId(9_999);
            h.pipe(null, event(unknown));
            fresh.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).isEqualTo(1);
            assertThat(h.lookup.callsFor(unknown)).as("long before ENRICHER_NEW_LEAD_WAIT").isEqualTo(1);
            assertThat(h.lookup.calls()).isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.MISSES_BY_ID, "why", "MISSED")).isEqualTo(1);
            SweepWatermark mark = SweepWatermark.decode(h.driver.<String, byte[]>getKeyValueStore(EnricherTopology.STORE_SWEEP_WATERMARK)
                    .get(SweepWatermark.KEY));
            assertThat(mark.missed()).containsExactly(unknown);
            assertThat(mark.missedComplete()).isTrue();
            assertThat(mark.offAt(h.now())).isFalse();
            assertThat(keys(h.output.readRecordsToList())).containsExactlyInAnyOrder(unknown, fresh.get(0), fresh.get(1));
        }
    }

    @Test
    void aSweepCoversOnlyTheMissesTheSyncerHadReceivedWhenItStarted() {
        try (TopologyHarness h = synced(on().with(Settings.ENRICHER_SWEEP_MIN_INTERVAL, Duration.ofSeconds(2)))) {
            List<String> fresh = create(h, 1_000, 2);
            fresh.forEach(id -> h.pipe(null, event(id)));
            h.lister.hold(true);
            h.advance(Duration.ofMillis(200));
            assertThat(sweepsAsked(h)).as("the sweep's page is on the wire").isEqualTo(1);
            String unknown = leadId(9_999);
            h.pipe(null, event(unknown)); // received while that sweep runs: it cannot say whether Rotor has it
            h.lister.releaseHeld();
            h.lister.hold(false);
            h.advance(Duration.ofMillis(500));
            assertThat(keys(h.output.readRecordsToList())).containsExactlyInAnyOrderElementsOf(fresh);
            assertThat(h.lookup.calls()).as("the unknown id waits for a sweep that covers it").isZero();
            h.advance(Duration.ofSeconds(2));
            assertThat(sweepsAsked(h)).isEqualTo(2);
            assertThat(h.lookup.callsFor(unknown)).as("missed by the sweep that covered it: by id").isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.MISSES_BY_ID, "why", "MISSED")).isEqualTo(1);
        }
    }

    @Test
    void noMissWaitsLongerThanTheNewLeadWaitBeforeItsLookupByIdStarts() {
        try (TopologyHarness h = synced(on())) {
            h.lister.hold(true); // the sweep's page never answers
            String fresh = create(h, 1_000, 1).get(0);
            h.pipe(null, event(fresh));
            h.advance(Duration.ofMillis(9_900));
            assertThat(sweepsAsked(h)).isEqualTo(1);
            assertThat(h.lookup.calls()).as("within ENRICHER_NEW_LEAD_WAIT").isZero();
            h.advance(Duration.ofMillis(200));
            assertThat(h.lookup.callsFor(fresh)).isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.MISSES_BY_ID, "why", "WAIT")).isEqualTo(1);
            assertThat(h.output.readRecord().key()).isEqualTo(fresh);
            assertThat(h.registry.get(CatalogMetrics.MISS_WAIT).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                    .isBetween(10_000.0, 10_100.0);
        }
    }

    @Test
    void sweepsStartAtMostEverySweepMinInterval() {
        try (TopologyHarness h = synced(on())) {
            List<String> fresh = create(h, 1_000, 10);
            h.pipe(null, event(fresh.get(0)));
            h.pipe(null, event(fresh.get(1)));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).isEqualTo(1);
            List<String> later = create(h, 2_000, 2);
            later.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofSeconds(8));
            assertThat(sweepsAsked(h)).as("ENRICHER_SWEEP_MIN_INTERVAL after the first").isEqualTo(1);
            h.advance(Duration.ofSeconds(2));
            assertThat(sweepsAsked(h)).isEqualTo(2);
            assertThat(h.lookup.calls()).isZero();
            assertThat(keys(h.output.readRecordsToList())).containsExactlyInAnyOrder(fresh.get(0), fresh.get(1), later.get(0), later.get(1));
        }
    }

    @Test
    void aSweepThatResolvedFewerThanTwoMissesPausesSweepsForTheBackOff() {
        try (TopologyHarness h = synced(on())) {
            String one = create(h, 1_000, 1).get(0);
            h.pipe(null, event(one));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.SWEEPS, "result", "POOR")).isEqualTo(1);
            assertThat(h.output.readRecord().key()).isEqualTo(one);

            // Paused: old or unknown ids cost what lookups by id cost, no list call on top.
            for (int i = 0; i < 5; i++) {
                h.pipe(null, event(leadId(8_000 + i)));
            }
            h.advance(Duration.ofMillis(100));
            assertThat(h.lookup.calls()).as("by id at once").isEqualTo(5);
            h.advance(Duration.ofMinutes(30));
            assertThat(sweepsAsked(h)).isEqualTo(1);
            assertThat(h.registry.get(CatalogMetrics.MISSES_SIGNALLED).counter().count()).isEqualTo(1);

            h.advance(Duration.ofMinutes(31)); // past ENRICHER_SWEEP_BACKOFF (1h)
            List<String> fresh = create(h, 3_000, 2);
            fresh.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).as("sweeps are back").isEqualTo(2);
            assertThat(h.lookup.calls()).isEqualTo(5);
        }
    }

    @Test
    void whenTheDailyShareIsSpentMissesGoByIdUntilTheReset() {
        // 20 % of 10: 2 list calls a day; the first sync took one, the first sweep takes the other.
        TopologySettings settings = on().with(Settings.ROTOR_DAILY_BUDGET, 10);
        try (TopologyHarness h = synced(settings)) {
            List<String> fresh = create(h, 1_000, 2);
            fresh.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).isEqualTo(1);

            h.advance(Duration.ofSeconds(10));
            List<String> later = create(h, 2_000, 3);
            later.forEach(id -> h.pipe(null, event(id)));
            h.advance(Duration.ofMillis(500));
            assertThat(sweepsAsked(h)).as("no call over the share").isEqualTo(1);
            assertThat(h.lookup.calls()).as("the waiting misses go by id once the syncer says the share is spent").isEqualTo(3);
            assertThat(counter(h, CatalogMetrics.MISSES_BY_ID, "why", "OFF")).isEqualTo(3);
            assertThat(counter(h, CatalogMetrics.SWEEPS, "result", "BUDGET")).isEqualTo(1);

            h.pipe(null, event(leadId(7_000)));
            h.tick();
            assertThat(h.lookup.calls()).as("and new misses at once").isEqualTo(4);
            assertThat(h.registry.get(CatalogMetrics.MISSES_SIGNALLED).counter().count()).isEqualTo(5);
        }
    }

    @Test
    void aSuccessorTaskSignalsThePendingLeadsItsCacheNeverSawInsteadOfLookingThemUpById() {
        TopologySettings settings = on();
        io.rotor.enricher.testkit.FakeLeadLookup lookup = new io.rotor.enricher.testkit.FakeLeadLookup();
        TopologyPorts ports = new TopologyPorts(lookup, new io.rotor.enricher.testkit.FakeSharedGate(), "fp",
                new io.rotor.enricher.testkit.TestLeadSerializer(), io.rotor.enricher.testkit.TestLeadSerializer.DESERIALIZER,
                new java.util.SplittableRandom(3)).withLister(new io.rotor.enricher.testkit.FakeLeadLister());
        SharedRuntime runtime = new SharedRuntime(64, Duration.ofDays(3), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try (io.rotor.enricher.testkit.MockStoresContext m = new io.rotor.enricher.testkit.MockStoresContext()) {
            LookupProcessor first = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
            first.init(m.context);
            m.context.setRecordMetadata(settings.applicationId() + "-by-lead-id-repartition", 0, 7);
            org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            io.rotor.enricher.envelope.FailureRecords.writeOrigin(headers,
                    new io.rotor.enricher.envelope.Origin(settings.inputTopic(), 0, 7, 1L, null));
            first.process(new org.apache.kafka.streams.processor.api.Record<>(leadId(1), event(leadId(1)), 1L, headers));
            assertThat(m.context.forwarded()).extracting(f -> f.childName().orElseThrow()).containsExactly(EnricherTopology.MISS_SIGNAL);
            first.close(); // a crash or a task move: the event stays in the pending store, the wait is gone
            m.context.resetForwards();

            LookupProcessor successor = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
            successor.init(m.context);
            m.punctuate(EnricherTopology.TICK_INTERVAL);
            assertThat(lookup.calls()).isZero();
            assertThat(m.context.forwarded()).extracting(f -> f.childName().orElseThrow()).containsExactly(EnricherTopology.MISS_SIGNAL);
            assertThat(m.context.forwarded().get(0).record().key()).isEqualTo(leadId(1));
            successor.close();
        }
    }

    @Test
    void aZeroNewLeadWaitTurnsSweepsOffAndMissesGoByIdAtOnce() {
        try (TopologyHarness h = synced(on().with(Settings.ENRICHER_NEW_LEAD_WAIT, Duration.ZERO))) {
            List<String> fresh = create(h, 1_000, 3);
            fresh.forEach(id -> h.pipe(null, event(id)));
            h.tick();
            assertThat(h.lookup.calls()).isEqualTo(3);
            h.advance(Duration.ofSeconds(1));
            assertThat(sweepsAsked(h)).isZero();
        }
    }
}
