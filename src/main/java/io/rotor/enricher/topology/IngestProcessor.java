package io.rotor.enricher.topology;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.Origin;
import org.apache.kafka.common.header.Header;
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
    private final LeadIdExtractor extractor;
    private final TopologyMetrics metrics;
    private final TopologyRecords records;
    private ProcessorContext<String, Ingested> context;

    IngestProcessor(TopologySettings settings, LeadIdCheck check, TopologyMetrics metrics) {
        this.maxEventBytes = settings.maxEventBytes();
        this.extractor = new LeadIdExtractor(settings.leadId(), check);
        this.metrics = metrics;
        this.records = TopologyRecords.allowing(settings.passHeaders());
    }

    @Override
    public void init(ProcessorContext<String, Ingested> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        long sourceTimestamp = SourceTimestampExtractor.takeSourceTimestamp(record.headers(), record.timestamp());
        Origin origin = new Origin(meta.topic(), meta.partition(), meta.offset(), sourceTimestamp, record.key());
        long size = sizeOf(record);
        String problem;
        String leadId = null;
        if (size > maxEventBytes) {
            problem = "the event is " + size + " bytes (key, value and headers), more than "
                    + Settings.ENRICHER_MAX_EVENT_BYTES.name() + " (" + maxEventBytes + ")";
        } else {
            LeadIdExtractor.Extraction extraction = extractor.extract(record.key(), record.value(), record.headers());
            problem = extraction.problem();
            leadId = extraction.leadId();
        }
        if (problem != null) {
            metrics.deadLettered(DlqReason.INVALID_EVENT);
            long now = context.currentSystemTimeMs();
            context.forward(new Record<>((String) null, Ingested.invalid(record.key(), record.value()), now,
                    records.invalidEvent(record.headers(), problem, origin, now)));
            return;
        }
        context.forward(new Record<>(leadId, Ingested.valid(record.value()), record.timestamp(),
                records.ingested(record.headers(), origin)));
    }

    private static long sizeOf(Record<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
