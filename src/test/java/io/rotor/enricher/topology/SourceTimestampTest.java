package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2: a negative record timestamp (legacy or raw-protocol producers) never stops a stream thread; the
 * event gets the partition time (else the wall clock) and its raw value stays in {@code rotor.origin.timestamp}.
 */
class SourceTimestampTest {
    private final SourceTimestampExtractor extractor = new SourceTimestampExtractor();

    private static ConsumerRecord<Object, Object> consumed(long timestamp, RecordHeaders headers) {
        return new ConsumerRecord<>("lead-events", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 0, null, new byte[0],
                headers, Optional.empty());
    }

    @Test
    void aValidTimestampIsTheRecordsOwn() {
        assertThat(extractor.extract(consumed(1234, new RecordHeaders()), 99)).isEqualTo(1234);
        assertThat(extractor.extract(consumed(0, new RecordHeaders()), 99)).isZero();
    }

    @Test
    void aNegativeTimestampTakesThePartitionTimeElseTheWallClockAndIsNoted() {
        ConsumerRecord<Object, Object> legacy = consumed(-1, new RecordHeaders());
        assertThat(extractor.extract(legacy, 5_000)).isEqualTo(5_000);
        assertThat(SourceTimestampExtractor.takeSourceTimestamp(legacy.headers(), 5_000)).isEqualTo(-1);
        assertThat(legacy.headers().lastHeader(HeaderNames.SOURCE_TIMESTAMP)).as("removed once read").isNull();

        long before = System.currentTimeMillis();
        assertThat(extractor.extract(consumed(-1, new RecordHeaders()), -1)).isGreaterThanOrEqualTo(before);
    }

    @Test
    void ingestKeepsTheRawNegativeTimestampAsTheOrigin() {
        TopologySettings settings = TopologyHarness.defaults();
        IngestProcessor ingest = new IngestProcessor(settings, LeadIdCheck.standard(256),
                new SharedRuntime(1, java.time.Duration.ofDays(3), new SimpleMeterRegistry()).metrics, settings.topicMaxMessageBytes(), new Quarantine());
        MockProcessorContext<String, Ingested> context = new MockProcessorContext<>();
        context.setRecordMetadata(settings.inputTopic(), 0, 7);
        ingest.init(context);

        ConsumerRecord<Object, Object> legacy = consumed(-1, new RecordHeaders());
        long extracted = extractor.extract(legacy, 5_000);
        ingest.process(new Record<>(null, event(leadId(1)), extracted, legacy.headers()));

        Record<?, ?> forwarded = context.forwarded().get(0).record();
        assertThat(forwarded.timestamp()).isEqualTo(5_000);
        assertThat(io.rotor.enricher.envelope.FailureRecords.readOrigin(forwarded.headers(), null).timestamp()).isEqualTo(-1);
        assertThat(forwarded.headers().lastHeader(HeaderNames.SOURCE_TIMESTAMP)).isNull();
    }

    @Test
    void aProducerCannotForgeTheNote() {
        try (TopologyHarness h = new TopologyHarness()) {
            long piped = h.now();
            h.input.pipeInput(new TestRecord<>(null, event(leadId(2)), headers(HeaderNames.SOURCE_TIMESTAMP, "-42"), piped));
            h.tick();
            h.lookup.complete(leadId(2), TopologyHarness.foundFor(leadId(2)));
            h.tick();
            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_TIMESTAMP)).isEqualTo(Long.toString(piped));
        }
    }

    @Test
    void theServiceSetsTheExtractorForEverySource() {
        assertThat(EnricherTopology.streamsProperties(TopologyHarness.defaults())
                .get(org.apache.kafka.streams.StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG))
                .isEqualTo(SourceTimestampExtractor.class.getName());
    }
}
