package io.rotor.enricher.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The leads table's record format and the sync's store value. */
class CatalogRecordsTest {
    @Test
    void aLeadsPartitionIsTheProducersForItsKey() {
        for (int partitions : new int[] {1, 3, 6, 12, 50}) {
            for (int i = 0; i < 1_000; i++) {
                String id = Fixtures.leadId(i);
                assertThat(CatalogRecords.partitionOf(id, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void headersCarryFetchedAtSourceAndWarnings() {
        var headers = CatalogRecords.headers(1_700_000_000_123L, CatalogRecords.Source.SYNC, List.of("tags: 7", "location: x"));
        assertThat(CatalogRecords.fetchedAt(headers)).isEqualTo(1_700_000_000_123L);
        assertThat(CatalogRecords.warnings(headers)).containsExactly("tags: 7", "location: x");
        assertThat(CatalogRecords.Source.of(new String(headers.lastHeader("rotor.source").value(), StandardCharsets.UTF_8)))
                .isEqualTo(CatalogRecords.Source.SYNC);
        assertThat(CatalogRecords.source(headers)).isEqualTo(CatalogRecords.Source.SYNC);
        assertThat(CatalogRecords.Source.of("sweep")).isEqualTo(CatalogRecords.Source.SWEEP);
        assertThat(CatalogRecords.Source.of("import")).as("a source this release does not know").isNull();
        RecordHeaders bad = new RecordHeaders();
        bad.add("rotor.fetched-at", "soon".getBytes(StandardCharsets.UTF_8));
        assertThat(CatalogRecords.fetchedAt(bad)).isEqualTo(-1);
        assertThat(CatalogRecords.fetchedAt(new RecordHeaders())).isEqualTo(-1);
    }

    @Test
    void progressRoundTripsAndAnUnknownVersionStartsOver() {
        SyncProgress p = new SyncProgress(10, SyncProgress.Pass.ARCHIVED, 4, 500, true, 3_500, 99, 10, 5, 60, 42_000, 86_400_000,
                7, 1, 12, 8);
        assertThat(SyncProgress.decode(p.encode())).isEqualTo(p);
        assertThat(SyncProgress.decode("{\"v\": 2, \"page\": 9}".getBytes(StandardCharsets.UTF_8))).isEqualTo(SyncProgress.NONE);
        assertThat(SyncProgress.decode("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(SyncProgress.NONE);
        assertThat(SyncProgress.decode(null)).isEqualTo(SyncProgress.NONE);
    }
}
