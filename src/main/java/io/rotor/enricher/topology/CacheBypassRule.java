package io.rotor.enricher.topology;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.rotor.enricher.config.TopologySettings.CacheBypass;
import java.io.IOException;
import java.util.Optional;

/** ENRICHER_CACHE_BYPASS: an event whose JSON value has {@code value} at {@code pointer} asks for a fresh lookup. */
final class CacheBypassRule {
    private final JsonPointer pointer;
    private final String value;

    private CacheBypassRule(JsonPointer pointer, String value) {
        this.pointer = pointer;
        this.value = value;
    }

    static CacheBypassRule of(Optional<CacheBypass> setting) {
        return setting.map(b -> new CacheBypassRule(JsonPointer.compile(b.pointer()), b.value()))
                .orElseGet(() -> new CacheBypassRule(null, null));
    }

    /** Whether the event asks to bypass the cache; anything that is not JSON with a scalar there does not. */
    boolean requestedBy(byte[] eventValue) {
        if (pointer == null || eventValue == null) {
            return false;
        }
        try {
            JsonNode node = LeadIdExtractor.JSON.readTree(eventValue);
            if (node == null) {
                return false;
            }
            JsonNode at = node.at(pointer);
            return !at.isMissingNode() && !at.isContainerNode() && value.equals(at.asText());
        } catch (IOException notJson) {
            return false;
        }
    }
}
