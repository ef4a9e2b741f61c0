package io.rotor.enricher.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The catalog's small JSON records (sync and sweep progress, the sweep watermark): an object with {@code "v"}.
 * A value this release cannot read (none, unreadable, another version) decodes to the record's "none", which costs
 * a sync page, a sweep or a wait, never an event.
 */
final class VersionedJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionedJson() {
    }

    /** A new object that starts with {@code "v": version}. */
    static ObjectNode object(int version) {
        return JSON.createObjectNode().put("v", version);
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code read} of the object in {@code bytes} if it is of {@code version}, else {@code none}. */
    static <T> T decode(byte[] bytes, int version, T none, Function<JsonNode, T> read) {
        if (bytes == null) {
            return none;
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || n.path("v").asInt(-1) != version) {
                return none;
            }
            return read.apply(n);
        } catch (IOException | IllegalArgumentException unreadable) {
            return none;
        }
    }
}
