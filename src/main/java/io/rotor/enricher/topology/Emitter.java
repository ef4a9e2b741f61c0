package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.RecordSize;
import io.rotor.enricher.envelope.RetryState;
import java.nio.ByteBuffer;
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
    private static final int UNKNOWN = Integer.MIN_VALUE;
    /** Any valid lead: its serialization tells the current schema id. */
    private static final Lead SCHEMA_PROBE = Lead.newBuilder().setId("schema-probe").build();
    private int currentSchemaId = UNKNOWN;

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
        byte[] value = leadSerializer.serialize(outputTopic, lead);
        currentSchemaId = CachedLead.schemaIdOf(value);
        return value;
    }

    /**
     * The schema id the current lead serializer frames the output with: that of its latest output, or, before the
     * first in this task incarnation, of a probe lead's; {@link CachedLead#NO_SCHEMA_ID} when its output carries none.
     */
    private int currentSchemaId() {
        if (currentSchemaId == UNKNOWN) {
            currentSchemaId = CachedLead.schemaIdOf(serialize(SCHEMA_PROBE));
        }
        return currentSchemaId;
    }

    /**
     * A cached output value framed with the schema id the current serializer uses: after a registry migration or a
     * change of ENRICHER_VALUE_SERDE the same Avro body gets the id of the registry it is read against now, with no
     * Rotor call. The body is in this release's Lead schema (a change of Lead.avsc bumps the cache entry's version).
     * Null when no reframing is needed.
     */
    byte[] reframed(CachedLead cached) {
        int id = cached.schemaId();
        if (id == CachedLead.NO_SCHEMA_ID) {
            return null;
        }
        int current = currentSchemaId();
        if (current == CachedLead.NO_SCHEMA_ID || current == id) {
            return null;
        }
        byte[] bytes = cached.payload().clone();
        ByteBuffer.wrap(bytes, 1, 4).putInt(current);
        return bytes;
    }

    /** A lead the serializer refused at fetch time, serialized again for this hit; refused again, the event is dead-lettered. */
    void output(PendingEvent event, Lead lead, List<String> warnings, long fetchedAtMs, boolean cacheHit, boolean stale,
                long nowMs) {
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
        output(event, value, warnings, fetchedAtMs, cacheHit, stale, nowMs);
    }

    void serializationFailed(PendingEvent event, RuntimeException failure, long nowMs) {
        deadLetter(event, DlqReason.STREAMS_ERROR, "the Lead could not be serialized: " + failure.getClass().getName(),
                failure, event.retry(), nowMs);
    }

    void output(PendingEvent event, byte[] value, List<String> warnings, long fetchedAtMs, boolean cacheHit, boolean stale,
                long nowMs) {
        if (deadLetteredByQuarantine(event, nowMs)) {
            return;
        }
        Record<String, byte[]> output = records.output(event, value, warnings, fetchedAtMs, cacheHit, stale, nowMs);
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(output.key()), value.length, output.headers());
        if (size > outputLimitBytes) {
            // The lead fits, this event's headers (passed on, its origin key) make it too large: only this one goes.
            deadLetter(event, DlqReason.LEAD_TOO_LARGE, tooLarge(size, value.length) + ", with this event's headers",
                    null, event.retry(), nowMs);
            return;
        }
        context.forward(output, EnricherTopology.SINK_OUTPUT);
        metrics.eventOut();
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
            deadLetterQuarantined(event, held, nowMs);
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
        deadLetterQuarantined(event, held, nowMs);
        return true;
    }

    private void deadLetterQuarantined(PendingEvent event, Quarantine.Entry held, long nowMs) {
        metrics.deadLettered(DlqReason.STREAMS_ERROR);
        context.forward(records.quarantined(event.value(), event.passHeaders(), event.origin(), event.retry(), held, nowMs),
                EnricherTopology.SINK_DLQ);
    }

    void gate(String gateKey, GateRecord record, long nowMs) {
        context.forward(records.gate(gateKey, record, nowMs), EnricherTopology.SINK_GATE);
    }
}
