package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 3: what the service writes is stamped with when it wrote it, and a DLQ record also says so in
 * {@code rotor.dlq.at}, keeping the input's own timestamp in {@code rotor.origin.timestamp}. A 40-day-old event must not
 * land in a 30-day-retention DLQ already expired.
 */
class WrittenTimestampsTest {
    private static final long FORTY_DAYS_AGO = TopologyHarness.START.minus(Duration.ofDays(40)).toEpochMilli();

    @Test
    void anInvalidEventsDeadLetterIsStampedWhenItWasWritten() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.input.pipeInput(new TestRecord<>(utf8("k"), utf8("not json"), new RecordHeaders(), FORTY_DAYS_AGO));

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.timestamp()).isEqualTo(h.now());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_AT)).isEqualTo(Long.toString(h.now()));
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ORIGIN_TIMESTAMP)).isEqualTo(Long.toString(FORTY_DAYS_AGO));
        }
    }

    @Test
    void outputRetryAndLookupDeadLettersAreStampedWhenTheyWereWritten() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.input.pipeInput(new TestRecord<>(null, event(leadId(1)), new RecordHeaders(), FORTY_DAYS_AGO));
            h.input.pipeInput(new TestRecord<>(null, event(leadId(2)), new RecordHeaders(), FORTY_DAYS_AGO));
            h.input.pipeInput(new TestRecord<>(null, event(leadId(3)), new RecordHeaders(), FORTY_DAYS_AGO));
            h.tick();
            h.lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1)));
            h.lookup.complete(leadId(2), LookupResult.failure(Outcome.UPSTREAM_ERROR, 503, null, "down"));
            h.lookup.complete(leadId(3), LookupResult.failure(Outcome.UNEXPECTED_STATUS, 204, null, "no content"));
            h.tick();

            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(out.timestamp()).isEqualTo(h.now());
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_TIMESTAMP)).isEqualTo(Long.toString(FORTY_DAYS_AGO));
            assertThat(h.retry.readRecord().timestamp()).isGreaterThan(FORTY_DAYS_AGO);
        }
    }

    @Test
    void aLookupPathDeadLetterCarriesWhenItWasWritten() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.input.pipeInput(new TestRecord<>(null, event(leadId(4)), new RecordHeaders(), FORTY_DAYS_AGO));
            h.tick();
            h.lookup.complete(leadId(4), LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, "html"));
            h.tick();
            h.advance(Duration.ofMinutes(30));
            h.lookup.complete(leadId(4), LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, "html"));
            h.advance(Duration.ofSeconds(1));

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("BAD_RESPONSE");
            assertThat(Long.parseLong(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_AT))).isEqualTo(dead.timestamp());
            assertThat(dead.timestamp()).isGreaterThan(TopologyHarness.START.toEpochMilli());
        }
    }
}
