package io.rotor.enricher.topology;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.config.LeadIdSettings;
import io.rotor.enricher.config.TopologySettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads an event's lead id by ENRICHER_LEAD_ID_SOURCE (pointer, key, header) and validates it. */
public final class LeadIdExtractor {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Either a valid lead id or the reason there is none. */
    public record Extraction(String leadId, String problem) {
        static Extraction ok(String id) {
            return new Extraction(id, null);
        }

        static Extraction invalid(String problem) {
            return new Extraction(null, problem);
        }

        public boolean valid() {
            return leadId != null;
        }
    }

    private final TopologySettings.LeadIdSource source;
    private final JsonPointer pointer;
    private final String pointerText;
    private final String header;
    private final LeadIdCheck check;

    public LeadIdExtractor(LeadIdSettings settings, LeadIdCheck check) {
        this.source = settings.source();
        this.pointerText = settings.pointer();
        this.pointer = JsonPointer.compile(settings.pointer());
        this.header = settings.header();
        this.check = check;
    }

    public Extraction extract(byte[] key, byte[] value, Headers headers) {
        String id;
        switch (source) {
            case POINTER -> {
                if (value == null) {
                    return Extraction.invalid("the value is null, not JSON");
                }
                JsonNode root;
                try {
                    root = JSON.readTree(value);
                } catch (IOException notJson) {
                    return Extraction.invalid("the value is not JSON");
                }
                if (root == null || root.isMissingNode()) {
                    return Extraction.invalid("the value is empty, not JSON");
                }
                JsonNode node = root.at(pointer);
                if (node.isMissingNode() || node.isNull()) {
                    return Extraction.invalid("no lead id at JSON pointer " + pointerText);
                }
                if (!node.isTextual()) {
                    return Extraction.invalid("the lead id at " + pointerText + " is a JSON " + node.getNodeType().name().toLowerCase() + ", not a string");
                }
                id = node.textValue();
            }
            case KEY -> {
                if (key == null) {
                    return Extraction.invalid("the key is null");
                }
                Optional<String> text = utf8(key);
                if (text.isEmpty()) {
                    return Extraction.invalid("the key is not UTF-8");
                }
                id = text.get();
            }
            case HEADER -> {
                Header h = headers.lastHeader(header);
                if (h == null || h.value() == null) {
                    return Extraction.invalid("no header " + header);
                }
                Optional<String> text = utf8(h.value());
                if (text.isEmpty()) {
                    return Extraction.invalid("header " + header + " is not UTF-8");
                }
                id = text.get();
            }
            default -> throw new IllegalStateException("unknown lead id source " + source);
        }
        String problem = check.problem(id);
        return problem == null ? Extraction.ok(id) : Extraction.invalid(problem);
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}
