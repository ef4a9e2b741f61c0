package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.catalog.SyncProgress;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LeadListQuery;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.FakeLeadLister;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.MockStoresContext;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Issue 13, items 3 to 5: the full sync, its daily share, its pauses, and its resume from the progress store. */
class CatalogSyncTest {
    private static TopologySettings on() {
        return TopologyHarness.defaults().with(Settings.ENRICHER_CATALOG_SYNC, true);
    }

    private static List<Lead> leads(int from, int count) {
        List<Lead> leads = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            leads.add(lead(leadId(i)));
        }
        return leads;
    }

    private static Set<String> keys(List<TestRecord<String, byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    /** Runs the syncer's punctuator until its page requests stop (every page here answers at once). */
    private static void settle(TopologyHarness h) {
        for (int i = 0; i < 40; i++) {
            h.step(CatalogSyncProcessor.TICK);
        }
    }

    private static SyncProgress progress(TopologyHarness h) {
        return SyncProgress.decode(h.driver.<String, byte[]>getKeyValueStore(EnricherTopology.STORE_SYNC_PROGRESS)
                .get(CatalogSyncProcessor.PROGRESS_KEY));
    }

    @Test
    void theFirstStartSyncsEveryPageAndTheLookupTasksAnswerFromIt() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            h.lister.created(leads(0, 2_500));
            settle(h);
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2, 3);
            assertThat(h.lister.requests()).allSatisfy(q -> {
                assertThat(q.limit()).isEqualTo(1000);
                assertThat(q.includeArchived()).isFalse();
            });
            List<TestRecord<String, byte[]>> table = h.catalogOut.readRecordsToList();
            assertThat(keys(table)).hasSize(2_500);
            assertThat(table).allSatisfy(r -> assertThat(TopologyHarness.header(r.headers(), HeaderNames.SOURCE)).isEqualTo("sync"));
            SyncProgress done = progress(h);
            assertThat(done.running()).isFalse();
            assertThat(done.lastLeads()).isEqualTo(2_500);
            assertThat(done.callsToday()).isEqualTo(3);

            h.pipe(null, event(leadId(1_234)));
            h.tick();
            assertThat(h.output.readRecord().key()).isEqualTo(leadId(1_234));
            assertThat(h.lookup.calls()).as("answered from the synced table").isZero();

            // Not due again before the interval, nor before the next reset.
            h.advance(Duration.ofHours(1));
            assertThat(h.lister.requests()).hasSize(3);
            assertThat(h.registry.get(CatalogMetrics.SIZE).gauge().value()).isEqualTo(2_500);
            assertThat(h.registry.get(CatalogMetrics.LIST_CALLS).counter().count()).isEqualTo(3);
        }
    }

    @Test
    void theNextSyncStartsAfterTheIntervalAndRightAfterTheQuotaReset() {
        // 09:00 UTC: the first sync; 21:00 the interval's; 00:00 the reset's.
        try (TopologyHarness h = new TopologyHarness(on())) {
            h.lister.created(leads(0, 10));
            settle(h);
            assertThat(h.lister.requests()).hasSize(1);
            h.advance(Duration.ofHours(12).plusMinutes(1));
            assertThat(h.lister.requests()).hasSize(2);
            h.advance(Duration.ofHours(3));
            assertThat(h.lister.requests()).as("the reset at 00:00 UTC").hasSize(3);
        }
    }

    @Test
    void theDailyShareCapsTheSyncAndTheResetStartsItAgainFromTheNewest() {
        TopologySettings settings = on().with(Settings.ROTOR_DAILY_BUDGET, 10).with(Settings.ENRICHER_CATALOG_DAILY_SHARE, 20);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.lister.created(leads(0, 5_000));
            settle(h);
            h.advance(Duration.ofHours(2));
            assertThat(h.lister.requests()).as("2 calls: 20 % of 10").extracting(LeadListQuery::page).containsExactly(1, 2);
            assertThat(keys(h.catalogOut.readRecordsToList())).hasSize(2_000).contains(leadId(4_999)).doesNotContain(leadId(0));
            assertThat(progress(h).running()).isTrue();

            h.advance(Duration.ofHours(14)); // past 00:00 UTC
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2, 1, 2);
        }
    }

    @Test
    void noListCallWhileTheGateIsClosedAndA429StartsTheSyncAgainAfterTheQuotaCameBack() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            Instant resumeAt = Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(30));
            h.lister.created(leads(0, 3_000)).override(q -> {
                if (q.page() == 2 && h.lister.requests().size() == 2) {
                    h.gate.close(resumeAt, Outcome.RATE_LIMITED); // as the client does on a 429, before it answers
                    return FakeLeadLister.rateLimited(resumeAt);
                }
                return null;
            });
            for (int i = 0; i < 5; i++) {
                h.step(CatalogSyncProcessor.TICK);
            }
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2);
            h.advance(Duration.ofMinutes(29));
            assertThat(h.lister.requests()).as("nothing while the gate is closed").hasSize(2);

            h.advance(Duration.ofMinutes(2));
            settle(h);
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2, 1, 2, 3);
            assertThat(progress(h).running()).isFalse();
        }
    }

    @Test
    void aPageOverTheBodyCapIsAskedAgainWithHalfTheLimitAndNothingIsSkipped() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            h.lister.created(leads(0, 2_600)).override(q -> q.page() == 2 && q.limit() == 1000 ? FakeLeadLister.tooLarge() : null);
            settle(h);
            assertThat(h.lister.requests()).extracting(q -> q.page() + "/" + q.limit())
                    .containsExactly("1/1000", "2/1000", "3/500", "4/500", "5/500", "6/500");
            assertThat(keys(h.catalogOut.readRecordsToList())).hasSize(2_600);
        }
    }

    @Test
    void anUpstreamErrorWaitsItsBackOffAndAsksForTheSamePageAgain() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            int[] failures = {1};
            h.lister.created(leads(0, 1_500)).override(q -> q.page() == 2 && failures[0]-- > 0 ? FakeLeadLister.serverError() : null);
            for (int i = 0; i < 5; i++) {
                h.step(CatalogSyncProcessor.TICK);
            }
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2);
            h.advance(Duration.ofSeconds(3));
            assertThat(h.lister.requests()).extracting(LeadListQuery::page).containsExactly(1, 2, 2);
            assertThat(keys(h.catalogOut.readRecordsToList())).hasSize(1_500);
        }
    }

    @Test
    void archivedLeadsAreSyncedUnderBothReadingsOfArchivedTrue() {
        for (boolean archivedOnly : new boolean[] {false, true}) {
            try (TopologyHarness h = new TopologyHarness(on().with(Settings.ENRICHER_CATALOG_ARCHIVED, true))) {
                List<Lead> all = leads(0, 30);
                for (int i = 0; i < 10; i++) {
                    all.set(i, Lead.newBuilder(all.get(i)).setArchived(true).build());
                }
                h.lister.created(all).archivedOnly(archivedOnly);
                settle(h);
                assertThat(keys(h.catalogOut.readRecordsToList())).as("archived=true read as archived only: " + archivedOnly)
                        .hasSize(30);
                assertThat(h.lister.requests()).extracting(LeadListQuery::includeArchived)
                        .containsExactlyElementsOf(archivedOnly ? List.of(true, false) : List.of(true));
            }
        }
        try (TopologyHarness h = new TopologyHarness(on())) {
            List<Lead> all = leads(0, 30);
            all.set(0, Lead.newBuilder(all.get(0)).setArchived(true).build());
            h.lister.created(all);
            settle(h);
            assertThat(keys(h.catalogOut.readRecordsToList())).as("archived leads are not synced by default").hasSize(29);
        }
    }

    @Test
    void stageAndTagsLimitWhatIsSyncedNotWhatIsEnriched() {
        TopologySettings settings = on().with(Settings.ENRICHER_CATALOG_STAGE, "won").with(Settings.ENRICHER_CATALOG_TAGS, List.of("vip"));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.lister.created(List.of(Lead.newBuilder(lead(leadId(1))).setStage("won").setTags(List.of("vip")).build(),
                    Lead.newBuilder(lead(leadId(2))).setStage("new").setTags(List.of("vip")).build()));
            settle(h);
            assertThat(h.lister.requests().get(0).stage()).isEqualTo("won");
            assertThat(h.lister.requests().get(0).tags()).containsExactly("vip");
            assertThat(keys(h.catalogOut.readRecordsToList())).containsExactly(leadId(1));

            // A miss of a lead outside the filter: the sweep for it lists every new lead, not only the filter's.
            h.pipe(null, event(leadId(2)));
            h.advance(Duration.ofMillis(500));
            assertThat(h.output.readRecord().key()).isEqualTo(leadId(2));
            assertThat(h.lookup.calls()).isZero();
            LeadListQuery sweep = h.lister.requests().get(h.lister.requests().size() - 1);
            assertThat(sweep.stage()).isNull();
            assertThat(sweep.tags()).isEmpty();
        }
    }

    @Test
    void aSyncResumesFromThePageItsProgressStoreHolds() {
        TopologySettings settings = on();
        FakeLeadLister lister = new FakeLeadLister().created(leads(0, 4_000));
        TopologyPorts ports = new TopologyPorts(new FakeLeadLookup(), new FakeSharedGate(), "fp", new TestLeadSerializer(),
                TestLeadSerializer.DESERIALIZER, new SplittableRandom(1)).withLister(lister);
        try (MockStoresContext m = new MockStoresContext()) {
            long now = m.context.currentSystemTimeMs();
            // What an instance that crashed after page 2 committed: a running sync at page 3, 2 calls spent today.
            long day = new io.rotor.enricher.rotor.DailyReset(java.time.LocalTime.MIDNIGHT, java.time.ZoneOffset.UTC)
                    .nextAfter(Instant.ofEpochMilli(now)).toEpochMilli();
            SyncProgress crashed = new SyncProgress(now - 60_000, SyncProgress.Pass.ACTIVE, 3, 1000, false, 2_000, -1,
                    now - 60_000, -1, 0, 0, day, 2, 0, 0, -1);
            m.syncProgress.put(CatalogSyncProcessor.PROGRESS_KEY, crashed.encode());
            CatalogSyncProcessor syncer = new CatalogSyncProcessor(settings, ports, LeadIdCheck.standard(256),
                    new SharedRuntime(64, Duration.ofDays(7), new SimpleMeterRegistry()));
            syncer.init(m.context);
            for (int i = 0; i < 5; i++) {
                m.punctuate(CatalogSyncProcessor.TICK);
            }
            assertThat(lister.requests()).extracting(LeadListQuery::page).containsExactly(3, 4);
            assertThat(m.context.forwarded()).hasSize(2_000);
            SyncProgress after = SyncProgress.decode(m.syncProgress.get(CatalogSyncProcessor.PROGRESS_KEY));
            assertThat(after.running()).isFalse();
            assertThat(after.lastLeads()).isEqualTo(4_000);
            assertThat(after.callsToday()).isEqualTo(4);
            syncer.close();
        }
    }
}
