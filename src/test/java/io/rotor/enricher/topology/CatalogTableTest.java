package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.tableRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Issue 13, items 1 and 2: the leads table written from lookups by id, and the cache learning from it. */
class CatalogTableTest {
    /** The table without sweeps (ENRICHER_NEW_LEAD_WAIT=0s): misses go by id at once; CatalogSweepTest has the sweeps. */
    private static TopologySettings on() {
        return TopologyHarness.defaults().with(Settings.ENRICHER_CATALOG_SYNC, true).with(Settings.ENRICHER_NEW_LEAD_WAIT, java.time.Duration.ZERO);
    }

    private static double counter(TopologyHarness h, String name, String... tags) {
        Counter c = h.registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aLeadFoundByIdIsWrittenToTheTableWithItsFetchedAtAndANotFoundWritesATombstone() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            String found = leadId(1);
            String gone = leadId(2);
            h.lookup.answerWith(id -> id.equals(found) ? TopologyHarness.foundFor(id)
                    : LookupResult.failure(Outcome.NOT_FOUND, 404, null, "Not found"));
            h.pipe(null, event(found));
            h.pipe(null, event(gone));
            h.tick();

            TestRecord<String, byte[]> output = h.output.readRecord();
            List<TestRecord<String, byte[]>> table = h.catalogOut.readRecordsToList();
            assertThat(table).hasSize(2);
            TestRecord<String, byte[]> lead = table.stream().filter(r -> r.key().equals(found)).findFirst().orElseThrow();
            assertThat(TestLeadSerializer.deserialize(lead.value())).isEqualTo(lead(found));
            assertThat(TopologyHarness.header(lead.headers(), HeaderNames.SOURCE)).isEqualTo("lookup");
            assertThat(TopologyHarness.header(lead.headers(), HeaderNames.FETCHED_AT))
                    .isEqualTo(TopologyHarness.header(output.headers(), HeaderNames.FETCHED_AT));
            TestRecord<String, byte[]> tombstone = table.stream().filter(r -> r.key().equals(gone)).findFirst().orElseThrow();
            assertThat(tombstone.value()).isNull();
            assertThat(counter(h, CatalogMetrics.WRITTEN, "kind", "lead", "source", "lookup")).isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.WRITTEN, "kind", "tombstone")).isEqualTo(1);
            // Both come back through the table's source: the lead as this task's own (not newer), the tombstone ignored.
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "NOT_NEWER")).isEqualTo(1);
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "TOMBSTONE")).isEqualTo(1);
        }
    }

    @Test
    void withTheCatalogOffNothingIsWrittenToTheTable() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(leadId(1)));
            h.tick();
            assertThat(h.output.getQueueSize()).isEqualTo(1);
            assertThat(h.driver.producedTopicNames()).doesNotContain(h.settings.catalogTopic());
        }
    }

    @Test
    void aLeadFromTheTableAnswersLaterEventsWithoutACall() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            String id = leadId(3);
            long fetchedAt = h.now() - 60_000;
            h.catalogIn.pipeInput(tableRecord(lead(id), fetchedAt, CatalogRecords.Source.SYNC, h.now()));
            h.pipe(null, event(id));
            h.tick();
            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(TestLeadSerializer.deserialize(out.value())).isEqualTo(lead(id));
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.FETCHED_AT)).isEqualTo(Long.toString(fetchedAt));
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.CACHE_HIT)).isEqualTo("true");
            assertThat(h.lookup.calls()).isZero();
            assertThat(counter(h, CatalogMetrics.LEARNED)).isEqualTo(1);
            assertThat(h.catalogOut.isEmpty()).as("a lead learned from the table is not written back").isTrue();
        }
    }

    @Test
    void aPendingEventIsAnsweredByTheTableAndTheLookupStillInFlightAddsNothing() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            String id = leadId(4);
            h.pipe(null, event(id));
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.lookup.openCalls()).isEqualTo(1);

            h.catalogIn.pipeInput(tableRecord(lead(id), h.now(), CatalogRecords.Source.SYNC, h.now()));
            assertThat(h.output.readRecordsToList()).hasSize(2);
            assertThat(counter(h, CatalogMetrics.COMPLETED)).isEqualTo(2);

            h.lookup.complete(id, TopologyHarness.foundFor(id));
            h.tick();
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(h.retry.isEmpty()).isTrue();
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void aQueuedLeadAnsweredByTheTableIsNeverLookedUp() {
        try (TopologyHarness h = new TopologyHarness(on().with(Settings.ENRICHER_MAX_IN_FLIGHT, 1))) {
            String first = leadId(5);
            String queued = leadId(6);
            h.pipe(null, event(first));
            h.pipe(null, event(queued));
            h.tick();
            assertThat(h.lookup.openLeads()).containsExactly(first);

            h.catalogIn.pipeInput(tableRecord(lead(queued), h.now(), CatalogRecords.Source.SYNC, h.now()));
            assertThat(h.output.readRecord().key()).isEqualTo(queued);

            h.lookup.complete(first, TopologyHarness.foundFor(first));
            h.advance(Duration.ofSeconds(1));
            assertThat(h.output.readRecord().key()).isEqualTo(first);
            assertThat(h.lookup.callsFor(queued)).isZero();
        }
    }

    @Test
    void eventsParkedWhileTheGateIsClosedAreAnsweredByTheTableInSlicesEachOnce() {
        int parked = RetryParking.MAX_RELEASE_PER_POLL + 500;
        try (TopologyHarness h = new TopologyHarness(on())) {
            String hot = leadId(7);
            String other = leadId(8);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(6)), Outcome.RATE_LIMITED);
            for (int i = 0; i < parked; i++) {
                h.pipe(null, event(hot, "lead.updated", i));
            }
            h.pipe(null, event(other));
            h.advance(Duration.ofSeconds(2));
            assertThat(h.retry.readRecordsToList()).hasSize(parked + 1);
            assertThat(h.lookup.calls()).isZero();

            h.catalogIn.pipeInput(tableRecord(lead(hot), h.now(), CatalogRecords.Source.SYNC, h.now()));
            assertThat(h.output.getQueueSize()).as("one slice with the record").isEqualTo(RetryParking.MAX_RELEASE_PER_POLL);
            h.tick();
            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).hasSize(parked).allMatch(r -> r.key().equals(hot));
            Set<String> n = new HashSet<>();
            out.forEach(r -> n.add(TopologyHarness.header(r.headers(), HeaderNames.ORIGIN_OFFSET)));
            assertThat(n).as("each parked event once").hasSize(parked);
            assertThat(counter(h, CatalogMetrics.COMPLETED)).isEqualTo(parked);

            // The other lead's event waits for the reset; nothing was called while the gate was closed.
            h.advance(Duration.ofMinutes(5));
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(h.lookup.calls()).isZero();
        }
    }

    @Test
    void fetchedAtNeverGoesBackwardsAcrossSources() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            String id = leadId(9);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            h.tick();
            long byLookup = Long.parseLong(TopologyHarness.header(h.output.readRecord().headers(), HeaderNames.FETCHED_AT));

            // An older copy (a sync page read before the lookup) does not replace the newer one.
            h.catalogIn.pipeInput(tableRecord(lead(id), byLookup - 1_000, CatalogRecords.Source.SYNC, h.now()));
            h.pipe(null, event(id));
            h.tick();
            assertThat(TopologyHarness.header(h.output.readRecord().headers(), HeaderNames.FETCHED_AT))
                    .isEqualTo(Long.toString(byLookup));

            // A newer one does.
            h.advance(Duration.ofSeconds(5));
            long newer = h.now();
            h.catalogIn.pipeInput(tableRecord(lead(id), newer, CatalogRecords.Source.SYNC, h.now()));
            h.pipe(null, event(id));
            h.tick();
            assertThat(TopologyHarness.header(h.output.readRecord().headers(), HeaderNames.FETCHED_AT))
                    .isEqualTo(Long.toString(newer));
            assertThat(h.lookup.callsFor(id)).isEqualTo(1);
        }
    }

    @Test
    void aNotFoundNewerThanTheTableRecordStands() {
        try (TopologyHarness h = new TopologyHarness(on())) {
            String id = leadId(10);
            long synced = h.now() - 5_000;
            h.lookup.answerWith(lead -> LookupResult.failure(Outcome.NOT_FOUND, 404, null, "Not found"));
            h.pipe(null, event(id));
            h.tick();
            h.catalogIn.pipeInput(tableRecord(lead(id), synced, CatalogRecords.Source.SYNC, h.now()));
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "NOT_NEWER")).isEqualTo(1);
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void recordsOffTheirKeysPartitionExpiredOrUnreadableAreIgnoredAndCounted() {
        TopologySettings settings = on().with(Settings.ENRICHER_PARTITIONS, OptionalInt.of(12));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            // The driver reads every topic as partition 0.
            String elsewhere = firstLeadOnPartition(false, 12);
            String here = firstLeadOnPartition(true, 12);
            h.catalogIn.pipeInput(tableRecord(lead(elsewhere), h.now(), CatalogRecords.Source.SYNC, h.now()));
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "WRONG_PARTITION")).isEqualTo(1);

            h.catalogIn.pipeInput(tableRecord(lead(here), h.now() - settings.cacheTtl().toMillis() - 1,
                    CatalogRecords.Source.SYNC, h.now()));
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "EXPIRED")).isEqualTo(1);

            TestRecord<String, byte[]> noFetchedAt = new TestRecord<>(here, new TestLeadSerializer().serialize("t", lead(here)));
            h.catalogIn.pipeInput(noFetchedAt);
            TestRecord<String, byte[]> garbage = new TestRecord<>(here, new byte[] {1, 2, 3},
                    CatalogRecords.headers(h.now(), CatalogRecords.Source.SYNC, List.of()), h.now());
            h.catalogIn.pipeInput(garbage);
            assertThat(counter(h, CatalogMetrics.IGNORED, "why", "UNREADABLE")).isEqualTo(2);
            assertThat(counter(h, CatalogMetrics.LEARNED)).isZero();
            assertThat(h.dlq.isEmpty()).as("the table is not an input: nothing of it is dead-lettered").isTrue();

            h.catalogIn.pipeInput(tableRecord(lead(here), h.now(), CatalogRecords.Source.SYNC, h.now()));
            assertThat(counter(h, CatalogMetrics.LEARNED)).isEqualTo(1);
        }
    }

    @Test
    void aLeadTheTableCannotTakeIsNotWrittenThereAndStillEmitted() {
        try (TopologyHarness h = new TopologyHarness(on(), new RecordLimits(0, 0, 0, 200))) {
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(leadId(11)));
            h.tick();
            assertThat(h.output.getQueueSize()).isEqualTo(1);
            assertThat(h.catalogOut.isEmpty()).isTrue();
            assertThat(counter(h, CatalogMetrics.UNWRITABLE)).isEqualTo(1);
        }
    }

    private static String firstLeadOnPartition(boolean zero, int partitions) {
        for (int i = 100; ; i++) {
            if ((CatalogRecords.partitionOf(leadId(i), partitions) == 0) == zero) {
                return leadId(i);
            }
        }
    }
}
