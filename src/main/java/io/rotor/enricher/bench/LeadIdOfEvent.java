package io.rotor.enricher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads {@code /lead_id} from a bench event, as the baselines and the event accounting need to. The bench only
 * writes well-formed events; anything else is a bug in the bench and says so.
 */
public final class LeadIdOfEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeadIdOfEvent() {
    }

    public static String of(byte[] event) {
        try {
            JsonNode id = JSON.readTree(event).get("lead_id");
            if (id == null || !id.isTextual()) {
                throw new IllegalArgumentException("bench event without a textual /lead_id");
            }
            return id.asText();
        } catch (IOException e) {
            throw new IllegalArgumentException("bench event is not JSON", e);
        }
    }
}
