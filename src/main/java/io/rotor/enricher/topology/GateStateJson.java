package io.rotor.enricher.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The gate topic's value, version 2: {@code {"v": 2, "closedUntil": <epoch ms>, "reason": "RATE_LIMITED",
 * "detail": "...", "closedAt": <epoch ms>, "closedBy": "host/pid", "epoch": 0}} (see {@link GateRecord}); an
 * operator's reopening has no reason and adds {@code "reopened": {"cancelledUntil": <epoch ms>, "cancelledReason":
 * "RATE_LIMITED", "spreadMs": 600000}}. The
 * previous release wrote the first three fields only; such a record reads as epoch 0, and that release reads a
 * version-2 record by the same three fields. An unreadable value reads as no record: a bad record must not stop
 * the service, and the client's own gate still closes on the next 429.
 */
public final class GateStateJson {
    static final int VERSION = 2;

    private GateStateJson() {
    }

    public static byte[] encode(GateRecord record) {
        GateState state = record.state();
        ObjectNode node = LeadIdExtractor.JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("closedUntil", state.closedUntil().toEpochMilli());
        if (state.reason() != null) {
            node.put("reason", state.reason().name());
        }
        if (state.detail() != null) {
            node.put("detail", state.detail());
        }
        if (record.closedAtMs() >= 0) {
            node.put("closedAt", record.closedAtMs());
        }
        if (record.closedBy() != null) {
            node.put("closedBy", record.closedBy());
        }
        node.put("epoch", record.epoch());
        GateRecord.Reopening reopening = record.reopening();
        if (reopening != null) {
            ObjectNode r = node.putObject("reopened");
            r.put("cancelledUntil", reopening.cancelledUntilMs());
            r.put("cancelledReason", reopening.cancelledReason().name());
            r.put("spreadMs", reopening.spreadMs());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The reopening of an operator's record, or null when absent or unreadable (the record still reopens). */
    private static GateRecord.Reopening reopening(JsonNode r) {
        if (!r.path("cancelledUntil").canConvertToLong() || !r.path("spreadMs").canConvertToLong()
                || !r.hasNonNull("cancelledReason")) {
            return null;
        }
        try {
            return new GateRecord.Reopening(r.get("cancelledUntil").asLong(), Outcome.valueOf(r.get("cancelledReason").asText()),
                    Math.max(0, r.get("spreadMs").asLong()));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The state of a record, {@link GateState#OPEN} when there is none or it is unreadable. */
    public static GateState decode(byte[] bytes) {
        GateRecord record = decodeRecord(bytes);
        return record == null ? GateState.OPEN : record.state();
    }

    /** The record, or null when there is none or it is unreadable. */
    public static GateRecord decodeRecord(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = LeadIdExtractor.JSON.readTree(bytes);
            if (node == null || !node.path("closedUntil").canConvertToLong()) {
                return null;
            }
            Outcome reason = null;
            if (node.hasNonNull("reason")) {
                try {
                    reason = Outcome.valueOf(node.get("reason").asText());
                } catch (IllegalArgumentException unknown) {
                    reason = Outcome.UNEXPECTED_STATUS;
                }
            }
            GateState state = new GateState(Instant.ofEpochMilli(node.get("closedUntil").asLong()), reason,
                    node.hasNonNull("detail") ? node.get("detail").asText() : null);
            if (!node.has("v")) {
                return GateRecord.legacy(state);
            }
            return new GateRecord(state,
                    node.path("closedAt").canConvertToLong() ? node.get("closedAt").asLong() : -1,
                    node.hasNonNull("closedBy") ? node.get("closedBy").asText() : null,
                    node.path("epoch").canConvertToLong() ? node.get("epoch").asLong() : 0,
                    reason == null ? reopening(node.path("reopened")) : null);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
