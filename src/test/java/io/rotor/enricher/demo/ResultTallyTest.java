package io.rotor.enricher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ResultTallyTest {
    private final ConservationLedger ledger = new ConservationLedger();
    private final ResultTally tally = new ResultTally(ledger, "out", "dlq", "retry");

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(topic, 0, 0, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, h, Optional.empty());
    }

    @Test
    void matchesOutputByRotorOriginAndDlqByKip1034Coordinates() {
        ledger.recordInput(new InputRef("in", 1, 7), "k".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8));
        ledger.recordInput(new InputRef("in", 2, 9), null, "v2".getBytes(StandardCharsets.UTF_8));

        tally.accept(record("out", null, new byte[] {0},
                HeaderNames.ORIGIN_TOPIC, "in", HeaderNames.ORIGIN_PARTITION, "1", HeaderNames.ORIGIN_OFFSET, "7", HeaderNames.CACHE_HIT, "true"));
        tally.accept(record("retry", null, new byte[] {1}, HeaderNames.RETRY_NOT_BEFORE, "123"));
        tally.accept(record("dlq", null, "v2".getBytes(StandardCharsets.UTF_8),
                HeaderNames.STREAMS_ERROR_TOPIC, "in", HeaderNames.STREAMS_ERROR_PARTITION, "2", HeaderNames.STREAMS_ERROR_OFFSET, "9",
                HeaderNames.DLQ_REASON, "INVALID_EVENT"));

        assertThat(tally.leadsOut()).isEqualTo(1);
        assertThat(tally.cacheHits()).isEqualTo(1);
        assertThat(tally.retries()).isEqualTo(1);
        ConservationReport report = ledger.report();
        assertThat(report.held()).isTrue();
        assertThat(report.dlqBytesIntact()).isTrue();
        assertThat(report.dlq("INVALID_EVENT")).isEqualTo(1);
    }

    @Test
    void resultsWithoutReadableOriginAreUnattributed() {
        tally.accept(record("out", null, null, HeaderNames.ORIGIN_TOPIC, "in", HeaderNames.ORIGIN_PARTITION, "x", HeaderNames.ORIGIN_OFFSET, "1"));
        tally.accept(record("dlq", null, null));
        assertThat(ledger.report().unattributed()).isEqualTo(2);
        assertThat(tally.cacheHits()).isZero();
    }

    @Test
    void rejectsRecordsOfOtherTopics() {
        assertThatThrownBy(() -> tally.accept(record("elsewhere", null, null))).isInstanceOf(IllegalArgumentException.class);
    }
}
