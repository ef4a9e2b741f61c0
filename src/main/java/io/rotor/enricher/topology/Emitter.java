package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.GateState;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Forwards the lookup processor's records to their sinks (output, retry, DLQ, gate) and counts dead letters. */
final class Emitter {
    private final ProcessorContext<Object, Object> context;
    private final TopologyRecords records;
    private final TopologyMetrics metrics;

    Emitter(ProcessorContext<Object, Object> context, TopologyRecords records, TopologyMetrics metrics) {
        this.context = context;
        this.records = records;
        this.metrics = metrics;
    }

    void output(PendingEvent event, byte[] value, List<String> warnings, long fetchedAtMs, boolean cacheHit, long nowMs) {
        context.forward(records.output(event, value, warnings, fetchedAtMs, cacheHit, nowMs), EnricherTopology.SINK_OUTPUT);
    }

    void retry(PendingEvent event, long notBeforeMs, RetryState state, long nowMs) {
        context.forward(records.retry(event, notBeforeMs, state, nowMs), EnricherTopology.SINK_RETRY);
    }

    void deadLetter(PendingEvent event, DlqReason reason, String message, Throwable cause, RetryState state, long nowMs) {
        metrics.deadLettered(reason);
        context.forward(records.deadLetter(event, reason, message, cause, state, nowMs), EnricherTopology.SINK_DLQ);
    }

    void gate(String gateKey, GateState state, long nowMs) {
        context.forward(records.gate(gateKey, state, nowMs), EnricherTopology.SINK_GATE);
    }
}
