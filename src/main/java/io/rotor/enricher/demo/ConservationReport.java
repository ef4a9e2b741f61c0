package io.rotor.enricher.demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link ConservationLedger} found.
 *
 * @param inputs       input events
 * @param outputs      Lead records on the output topic
 * @param dlq          records on the DLQ
 * @param dlqByReason  DLQ records per {@code rotor.dlq.reason}
 * @param missing      inputs with no result
 * @param duplicated   inputs with more than one result
 * @param unattributed results whose origin headers name no input
 * @param dlqAltered   DLQ records whose key or value differ from the original event's
 */
public record ConservationReport(
        long inputs,
        long outputs,
        long dlq,
        Map<String, Long> dlqByReason,
        long missing,
        long duplicated,
        long unattributed,
        long dlqAltered,
        List<ConservationLedger.InputRef> missingSamples,
        List<ConservationLedger.InputRef> duplicatedSamples,
        List<String> unattributedSamples,
        List<ConservationLedger.InputRef> alteredSamples) {

    public ConservationReport {
        dlqByReason = Map.copyOf(dlqByReason);
        missingSamples = List.copyOf(missingSamples);
        duplicatedSamples = List.copyOf(duplicatedSamples);
        unattributedSamples = List.copyOf(unattributedSamples);
        alteredSamples = List.copyOf(alteredSamples);
    }

    /** output + DLQ = input, each input exactly once, and nothing that no input explains. */
    public boolean held() {
        return missing == 0 && duplicated == 0 && unattributed == 0 && outputs + dlq == inputs;
    }

    public boolean dlqBytesIntact() {
        return dlqAltered == 0;
    }

    public long dlq(String reason) {
        return dlqByReason.getOrDefault(reason, 0L);
    }

    public Map<String, Long> dlqByReasonSorted() {
        return new TreeMap<>(dlqByReason);
    }

    /** One line naming what went wrong, with sample coordinates; "conservation held" when nothing did. */
    public String describe() {
        if (held() && dlqBytesIntact()) {
            return "conservation held: " + inputs + " in = " + outputs + " out + " + dlq + " dlq";
        }
        StringBuilder sb = new StringBuilder("conservation broken: ")
                .append(inputs).append(" in, ").append(outputs).append(" out, ").append(dlq).append(" dlq");
        if (missing > 0) sb.append("; missing ").append(missing).append(" e.g. ").append(missingSamples);
        if (duplicated > 0) sb.append("; duplicated ").append(duplicated).append(" e.g. ").append(duplicatedSamples);
        if (unattributed > 0) sb.append("; unattributed ").append(unattributed).append(" e.g. ").append(unattributedSamples);
        if (dlqAltered > 0) sb.append("; DLQ bytes altered ").append(dlqAltered).append(" e.g. ").append(alteredSamples);
        return sb.toString();
    }
}
