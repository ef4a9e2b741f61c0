package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.RecordSize;
import io.rotor.enricher.envelope.RetryState;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards the lookup processor's records to their sinks (output, retry, DLQ, gate), serializes found leads for the
 * output, and counts dead letters.
 */
final class Emitter {
    private final ProcessorContext<Object, Object> context;
    private final TopologyRecords records;
    private final TopologyMetrics metrics;
    private final Serializer<Lead> leadSerializer;
    private final String outputTopic;
    private final int outputLimitBytes;
    private final Quarantine quarantine;

    Emitter(ProcessorContext<Object, Object> context, TopologyRecords records, TopologyMetrics metrics,
            Serializer<Lead> leadSerializer, String outputTopic, int outputLimitBytes, Quarantine quarantine) {
        this.context = context;
        this.records = records;
        this.metrics = metrics;
        this.leadSerializer = leadSerializer;
        this.outputTopic = outputTopic;
        this.outputLimitBytes = outputLimitBytes;
        this.quarantine = quarantine;
    }

    /**
     * Why no event can carry this output value, or null when it fits: the value and the lead id alone would exceed
     * what the output topic and the producer accept.
     */
    String outputTooLarge(String leadId, byte[] value) {
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(leadId), value.length, 0);
        return size <= outputLimitBytes ? null : tooLarge(size, value.length);
    }

    private String tooLarge(long recordBytes, int valueBytes) {
        return "the lead's output record would be at least " + recordBytes + " bytes (its Avro value " + valueBytes
                + "), over the " + outputLimitBytes + " bytes the output topic " + outputTopic + " and the producer accept";
    }

    /**
     * The output value of a lead. Called once per fetched lead, without the record's headers, because the bytes are
     * cached and forwarded as they are for every hit.
     */
    byte[] serialize(Lead lead) {
        return leadSerializer.serialize(outputTopic, lead);
    }

    /** A lead the serializer refused at fetch time, serialized again for this hit; refused again, the event is dead-lettered. */
    void output(PendingEvent event, Lead lead, List<String> warnings, long fetchedAtMs, boolean cacheHit, long nowMs) {
        byte[] value;
        try {
            value = serialize(lead);
        } catch (RuntimeException failure) {
            if (FailureRecords.isEnvironmentFailure(failure)) {
                throw failure; // the registry or broker is down, not the event's fault: never dead-lettered
            }
            serializationFailed(event, failure, nowMs);
            return;
        }
        output(event, value, warnings, fetchedAtMs, cacheHit, nowMs);
    }

    void serializationFailed(PendingEvent event, RuntimeException failure, long nowMs) {
        deadLetter(event, DlqReason.STREAMS_ERROR, "the Lead could not be serialized: " + failure.getClass().getName(),
                failure, event.retry(), nowMs);
    }

    void output(PendingEvent event, byte[] value, List<String> warnings, long fetchedAtMs, boolean cacheHit, long nowMs) {
        if (deadLetteredByQuarantine(event, nowMs)) {
            return;
        }
        Record<String, byte[]> output = records.output(event, value, warnings, fetchedAtMs, cacheHit, nowMs);
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(output.key()), value.length, output.headers());
        if (size > outputLimitBytes) {
            // The lead fits, this event's headers (passed on, its origin key) make it too large: only this one goes.
            deadLetter(event, DlqReason.LEAD_TOO_LARGE, tooLarge(size, value.length) + ", with this event's headers",
                    null, event.retry(), nowMs);
            return;
        }
        context.forward(output, EnricherTopology.SINK_OUTPUT);
    }

    void retry(PendingEvent event, long notBeforeMs, RetryState state, long nowMs) {
        if (deadLetteredByQuarantine(event, nowMs)) {
            return;
        }
        context.forward(records.retry(event, notBeforeMs, state, nowMs), EnricherTopology.SINK_RETRY);
    }

    void deadLetter(PendingEvent event, DlqReason reason, String message, Throwable cause, RetryState state, long nowMs) {
        Quarantine.Entry held = quarantine.of(event.origin());
        if (held != null && held.level() == Quarantine.Level.WITHOUT_VALUE) {
            deadLetteredByQuarantine(event, nowMs);
            return;
        }
        metrics.deadLettered(reason);
        context.forward(records.deadLetter(event, reason, message, cause, state, nowMs), EnricherTopology.SINK_DLQ);
    }

    /** An event whose record the producer refused before (see {@link Quarantine}) goes to the DLQ instead. */
    private boolean deadLetteredByQuarantine(PendingEvent event, long nowMs) {
        Quarantine.Entry held = quarantine.of(event.origin());
        if (held == null) {
            return false;
        }
        metrics.deadLettered(DlqReason.STREAMS_ERROR);
        context.forward(records.quarantined(event.value(), event.passHeaders(), event.origin(), event.retry(), held, nowMs),
                EnricherTopology.SINK_DLQ);
        return true;
    }

    void gate(String gateKey, GateRecord record, long nowMs) {
        context.forward(records.gate(gateKey, record, nowMs), EnricherTopology.SINK_GATE);
    }
}
