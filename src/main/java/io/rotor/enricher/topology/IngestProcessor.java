package io.rotor.enricher.topology;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RecordSize;
import io.rotor.enricher.envelope.RetryState;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads each input event's lead id. A valid event is re-keyed by it with its value unchanged, its {@code rotor.*}
 * headers replaced by its origin; an invalid one becomes an INVALID_EVENT dead-letter record right here (it may
 * not fit the repartition topic). Nothing a producer writes can make it throw.
 */
final class IngestProcessor implements Processor<byte[], byte[], String, Ingested> {
    private final int maxEventBytes;
    private final int deadLetterLimit;
    private final LeadIdExtractor extractor;
    private final TopologyMetrics metrics;
    private final TopologyRecords records;
    private final Quarantine quarantine;
    private final String replayTopic;
    private ProcessorContext<String, Ingested> context;

    IngestProcessor(TopologySettings settings, LeadIdCheck check, TopologyMetrics metrics, int deadLetterLimit,
                    Quarantine quarantine) {
        this.maxEventBytes = settings.maxEventBytes();
        this.deadLetterLimit = deadLetterLimit;
        this.extractor = new LeadIdExtractor(settings.leadId(), check);
        this.metrics = metrics;
        this.records = TopologyRecords.of(settings);
        this.replayTopic = settings.replayTopic();
        this.quarantine = quarantine;
    }

    @Override
    public void init(ProcessorContext<String, Ingested> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        metrics.eventIn();
        long sourceTimestamp = SourceTimestampExtractor.takeSourceTimestamp(record.headers(), record.timestamp());
        Origin own = new Origin(meta.topic(), meta.partition(), meta.offset(), sourceTimestamp, record.key());
        // On the replay topic, the replay command's origin (the event's first input) and replay count are trusted;
        // on the input topic every rotor.* header is a producer's and is dropped.
        boolean replayed = meta.topic().equals(replayTopic);
        Origin origin = replayed ? FailureRecords.readOrigin(record.headers(), own) : own;
        Header replayCount = replayed ? record.headers().lastHeader(HeaderNames.REPLAY_COUNT) : null;
        Quarantine.Entry held = quarantine.of(origin);
        if (held != null) {
            // The producer refused this event's repartition or dead-letter record before: dead-letter it now.
            metrics.deadLettered(DlqReason.STREAMS_ERROR);
            long now = context.currentSystemTimeMs();
            Record<byte[], byte[]> dead = records.quarantined(record.value(), records.passHeadersOf(record.headers(), replayCount), origin,
                    RetryState.NONE, held, now);
            context.forward(new Record<>((String) null, Ingested.invalid(dead.key(), dead.value()), now, dead.headers()));
            return;
        }
        long size = RecordSize.payload(record.key(), record.value(), record.headers());
        if (size > maxEventBytes) {
            tooLarge(record, replayCount, origin, size, context.currentSystemTimeMs());
            return;
        }
        LeadIdExtractor.Extraction extraction = extractor.extract(record.key(), record.value(), record.headers());
        if (extraction.problem() != null) {
            metrics.deadLettered(DlqReason.INVALID_EVENT);
            long now = context.currentSystemTimeMs();
            context.forward(new Record<>((String) null, Ingested.invalid(record.key(), record.value()), now,
                    records.invalidEvent(record.headers(), replayCount, extraction.problem(), origin, now)));
            return;
        }
        String leadId = extraction.leadId();
        context.forward(new Record<>(leadId, Ingested.valid(record.value()), record.timestamp(),
                records.ingested(record.headers(), origin, replayCount)));
    }

    /** The event goes to the DLQ with its value if that record fits the DLQ and the producer, else without it. */
    private void tooLarge(Record<byte[], byte[]> record, Header replayCount, Origin origin, long size, long now) {
        metrics.deadLettered(DlqReason.EVENT_TOO_LARGE);
        String problem = "the event is " + size + " bytes (key, value and headers), more than "
                + Settings.ENRICHER_MAX_EVENT_BYTES.name() + " (" + maxEventBytes + ")";
        Headers headers = records.eventTooLarge(record.headers(), replayCount, problem, origin, size, false, now);
        byte[] value = record.value();
        if (RecordSize.batchUpperBound(record.key(), value, headers) > deadLetterLimit) {
            headers = records.eventTooLarge(record.headers(), replayCount, problem + "; its value is left out: the dead-letter record "
                    + "would exceed the " + deadLetterLimit + " bytes the DLQ topic and the producer accept", origin, size, true, now);
            value = null;
        }
        context.forward(new Record<>((String) null, Ingested.invalid(record.key(), value), now, headers));
    }
}
