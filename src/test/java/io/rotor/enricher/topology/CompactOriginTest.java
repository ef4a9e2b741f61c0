package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static io.rotor.enricher.testkit.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the repartition record carries its origin in one binary header instead of five text ones; the
 * lookup reads both forms (the previous release's records in flight across an upgrade have the text form), and
 * the public output, retry and DLQ headers keep the text form.
 */
class CompactOriginTest {

    @Test
    void theCompactFormRoundTripsEveryFieldIncludingANullAnEmptyAndABinaryKey() {
        for (byte[] key : new byte[][] {null, new byte[0], {0, (byte) 0xff, 42}}) {
            Origin origin = new Origin("crm.lead-events", 11, 1L << 40, -1, key);
            RecordHeaders headers = new RecordHeaders();
            FailureRecords.writeCompactOrigin(headers, origin);
            assertThat(headers.toArray()).hasSize(1);
            Origin read = FailureRecords.readOrigin(headers, null);
            assertThat(read.topic()).isEqualTo(origin.topic());
            assertThat(read.partition()).isEqualTo(11);
            assertThat(read.offset()).isEqualTo(1L << 40);
            assertThat(read.timestamp()).isEqualTo(-1);
            assertThat(read.key()).isEqualTo(key);
        }
        RecordHeaders garbage = new RecordHeaders();
        garbage.add(HeaderNames.INTERNAL_ORIGIN, new byte[] {9, 9, 9});
        Origin fallback = new Origin("t", 0, 1, 2, null);
        assertThat(FailureRecords.readOrigin(garbage, fallback)).as("an unknown version reads as none").isSameAs(fallback);
    }

    @Test
    void ingestWritesOneOriginHeaderOnTheRepartitionRecordAndNoTextOne() {
        TopologySettings settings = TopologyHarness.defaults();
        IngestProcessor ingest = new IngestProcessor(settings, LeadIdCheck.standard(256),
                new SharedRuntime(1, java.time.Duration.ofDays(3), new SimpleMeterRegistry()).metrics, settings.topicMaxMessageBytes(),
                new Quarantine());
        MockProcessorContext<String, Ingested> context = new MockProcessorContext<>();
        context.setRecordMetadata(settings.inputTopic(), 3, 77);
        ingest.init(context);
        RecordHeaders input = new RecordHeaders();
        input.add("traceparent", utf8("00-abc"));
        ingest.process(new Record<>(utf8("k"), event(leadId(1)), 1_000L, input));

        List<String> names = java.util.Arrays.stream(context.forwarded().get(0).record().headers().toArray()).map(Header::key).toList();
        assertThat(names).containsExactly("traceparent", HeaderNames.INTERNAL_ORIGIN);
        Origin origin = FailureRecords.readOrigin(context.forwarded().get(0).record().headers(), null);
        assertThat(origin).isEqualTo(new Origin(settings.inputTopic(), 3, 77, 1_000L, utf8("k")));
    }

    @Test
    void aRepartitionRecordOfThePreviousReleaseWithTextOriginHeadersIsStillEnrichedWithItsOrigin() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(2);
            h.lookup.answerWith(TopologyHarness::foundFor);
            String repartition = h.settings.applicationId() + "-" + EnricherTopology.REPARTITION + "-repartition";
            TestInputTopic<String, byte[]> old = h.driver.createInputTopic(repartition, new StringSerializer(), new ByteArraySerializer());
            RecordHeaders headers = new RecordHeaders();
            FailureRecords.writeOrigin(headers, new Origin(h.settings.inputTopic(), 1, 500, 1_700_000_000_000L, utf8(id)));
            old.pipeInput(new TestRecord<>(id, event(id), headers, h.now()));
            h.pipe(utf8(id), event(id)); // and one of this release, through ingest
            h.tick();

            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).hasSize(2);
            assertThat(out).extracting(r -> header(r.headers(), HeaderNames.ORIGIN_OFFSET)).containsExactlyInAnyOrder("500", "0");
            for (TestRecord<String, byte[]> r : out) {
                assertThat(r.headers().lastHeader(HeaderNames.INTERNAL_ORIGIN)).as("never on the output").isNull();
                assertThat(header(r.headers(), HeaderNames.ORIGIN_TOPIC)).isEqualTo(h.settings.inputTopic());
            }
        }
    }
}
