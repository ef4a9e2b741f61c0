package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The last resort for refused records: the handler quarantines the event, the processors dead-letter it when processed again. */
class QuarantineTest {
    private static final String DLQ = TopologyHarness.defaults().dlqTopic();
    private final Quarantine quarantine = new Quarantine();
    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

    QuarantineTest() {
        handler.configure(Map.of(Quarantine.CONFIG, quarantine, EnricherTopology.DLQ_TOPIC_CONFIG, DLQ));
    }

    private static ProducerRecord<byte[], byte[]> outputRecordOf(Origin origin) {
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeOrigin(headers, origin);
        return new ProducerRecord<>("leads-enriched", null, utf8("lead"), new byte[100], headers);
    }

    @Test
    void aRefusedOutputRecordQuarantinesItsEventAndFailsOnceThenGivesUp() {
        Origin origin = new Origin("lead-events", 2, 41, 5L, utf8("k"));
        ProductionExceptionHandler.Response first = handler.handleError(null, outputRecordOf(origin), new RecordTooLargeException("too big"));
        assertThat(first.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(quarantine.of("lead-events", 2, 41)).isEqualTo(new Quarantine.Entry(Quarantine.Level.DEAD_LETTER,
                "org.apache.kafka.common.errors.RecordTooLargeException: too big"));
        assertThat(quarantine.claimFailure()).isTrue();
        assertThat(quarantine.claimFailure()).isFalse();

        // Refused again at the same level: not something the quarantine gets past.
        handler.handleError(null, outputRecordOf(origin), new RecordTooLargeException("too big"));
        assertThat(quarantine.claimFailure()).isFalse();
    }

    @Test
    void aRefusedDeadLetterRecordQuarantinesItsEventWithoutValue() {
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.putText(headers, HeaderNames.STREAMS_ERROR_TOPIC, "lead-events");
        FailureRecords.putText(headers, HeaderNames.STREAMS_ERROR_PARTITION, "0");
        FailureRecords.putText(headers, HeaderNames.STREAMS_ERROR_OFFSET, "7");
        handler.handleError(null, new ProducerRecord<>(DLQ, null, utf8("k"), new byte[10], headers), new RecordTooLargeException("x"));
        assertThat(quarantine.of("lead-events", 0, 7).level()).isEqualTo(Quarantine.Level.WITHOUT_VALUE);
    }

    @Test
    void retriableErrorsRetryAndRecordsWithoutAnOriginFail() {
        Origin origin = new Origin("lead-events", 0, 1, 5L, null);
        assertThat(handler.handleError(null, outputRecordOf(origin), new TimeoutException("slow")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        ProducerRecord<byte[], byte[]> changelog = new ProducerRecord<>("app-lead-cache-changelog", utf8("lead"), new byte[10]);
        assertThat(handler.handleError(null, changelog, new RecordTooLargeException("x")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(quarantine.claimFailure()).isFalse();
    }

    @Test
    void theQuarantineIsBounded() {
        for (int i = 0; i <= Quarantine.CAPACITY; i++) {
            quarantine.add(new Origin("t", 0, i, -1, null), Quarantine.Level.DEAD_LETTER, "x");
        }
        assertThat(quarantine.of("t", 0, 0)).isNull();
        assertThat(quarantine.of("t", 0, Quarantine.CAPACITY)).isNotNull();
    }

    @Test
    void ingestDeadLettersAQuarantinedEventWithItsValueInsteadOfRepartitioningIt() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.ports.quarantine().add(new Origin(h.settings.inputTopic(), 0, 0, -1, null), Quarantine.Level.DEAD_LETTER,
                    "org.apache.kafka.common.errors.RecordTooLargeException: too big");
            String id = leadId(1);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8("k-0"), event(id), headers("traceparent", "tp-0"));
            h.pipe(utf8("k-1"), event(leadId(2)));
            h.tick();

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("k-0"));
            assertThat(dead.value()).isEqualTo(event(id));
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .isEqualTo("the producer refused this event's record (org.apache.kafka.common.errors.RecordTooLargeException: "
                            + "too big); dead-lettered when processed again");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo("0");
            assertThat(TopologyHarness.header(dead.headers(), "traceparent")).isEqualTo("tp-0");
            assertThat(h.lookup.callsFor(id)).isZero();
            assertThat(h.output.readRecord().key()).isEqualTo(leadId(2));
        }
    }

    @Test
    void aPendingEventWhoseOutputWasRefusedIsDeadLetteredWhenItsLookupCompletes() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(3);
            h.pipe(utf8("k-0"), event(id));
            h.pipe(utf8("k-1"), event(id));
            // The first event's output was refused in a transaction that aborted; its lookup is answered again.
            h.ports.quarantine().add(new Origin(h.settings.inputTopic(), 0, 0, -1, null), Quarantine.Level.DEAD_LETTER, "refused");
            h.lookup.complete(id, TopologyHarness.foundFor(id));
            h.tick();

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("k-0"));
            assertThat(dead.value()).isEqualTo(event(id));
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(h.output.readRecord().headers().lastHeader(HeaderNames.ORIGIN_OFFSET).value()).isEqualTo(utf8("1"));
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void anEventWhoseDeadLetterRecordWasRefusedGoesWithoutValueOrPassHeaders() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.ports.quarantine().add(new Origin(h.settings.inputTopic(), 0, 0, -1, null), Quarantine.Level.WITHOUT_VALUE, "refused");
            h.pipe(utf8("k-0"), utf8("not json"), headers("traceparent", "tp-0"));

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("k-0"));
            assertThat(dead.value()).isNull();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_VALUE_OMITTED)).isEqualTo("true");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(dead.headers().lastHeader("traceparent")).isNull();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .startsWith("the producer refused this event's dead-letter record (refused)");
        }
    }
}
