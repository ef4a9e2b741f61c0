package io.rotor.enricher.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The gate topic's value: {@code {"closedUntil": <epoch ms>, "reason": "RATE_LIMITED", "detail": "..."}}.
 * An unreadable value reads as OPEN: a bad record must not stop the service, and the client's own gate still
 * closes on the next 429.
 */
public final class GateStateJson {
    private GateStateJson() {
    }

    public static byte[] encode(GateState state) {
        ObjectNode node = LeadIdExtractor.JSON.createObjectNode();
        node.put("closedUntil", state.closedUntil().toEpochMilli());
        if (state.reason() != null) {
            node.put("reason", state.reason().name());
        }
        if (state.detail() != null) {
            node.put("detail", state.detail());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static GateState decode(byte[] bytes) {
        if (bytes == null) {
            return GateState.OPEN;
        }
        try {
            JsonNode node = LeadIdExtractor.JSON.readTree(bytes);
            if (node == null || !node.path("closedUntil").canConvertToLong()) {
                return GateState.OPEN;
            }
            Outcome reason = null;
            if (node.hasNonNull("reason")) {
                try {
                    reason = Outcome.valueOf(node.get("reason").asText());
                } catch (IllegalArgumentException unknown) {
                    reason = Outcome.UNEXPECTED_STATUS;
                }
            }
            return new GateState(Instant.ofEpochMilli(node.get("closedUntil").asLong()), reason,
                    node.hasNonNull("detail") ? node.get("detail").asText() : null);
        } catch (IOException | RuntimeException unreadable) {
            return GateState.OPEN;
        }
    }
}
