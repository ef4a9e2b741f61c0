package io.rotor.enricher.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
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
                Found found;
                try (JsonParser parser = JSON.getFactory().createParser(value)) {
                    if (parser.nextToken() == null) {
                        return Extraction.invalid("the value is empty, not JSON");
                    }
                    found = walk(parser, pointer);
                    parser.finishToken(); // a root string not read yet (it did not match) must still be complete
                } catch (IOException notJson) {
                    return Extraction.invalid("the value is not JSON");
                }
                if (found == null || found.token() == JsonToken.VALUE_NULL) {
                    return Extraction.invalid("no lead id at JSON pointer " + pointerText);
                }
                if (found.token() != JsonToken.VALUE_STRING) {
                    return Extraction.invalid("the lead id at " + pointerText + " is a JSON " + typeName(found.token()) + ", not a string");
                }
                id = found.text();
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

    /** The value a pointer names: its first token, and its text when it is a string. */
    private record Found(JsonToken token, String text) {
    }

    /**
     * Reads the JSON value the parser stands on, to its end (so a malformed value fails here, as a full parse
     * would), and returns what {@code ptr} names inside it, or null. Streams the tokens instead of building a tree:
     * the ingest stage's largest cost was the tree (docs/BENCHMARKS.md). Like {@code JsonNode.at}: a repeated
     * property's last value counts; what follows the first root value is not read.
     */
    private static Found walk(JsonParser p, JsonPointer ptr) throws IOException {
        JsonToken t = p.currentToken();
        if (ptr.matches()) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                return new Found(t, null);
            }
            return new Found(t, t == JsonToken.VALUE_STRING ? p.getText() : null);
        }
        Found result = null;
        if (t == JsonToken.START_OBJECT) {
            String wanted = ptr.getMatchingProperty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = wanted.equals(p.currentName());
                p.nextToken();
                if (match) {
                    result = walk(p, ptr.tail());
                } else {
                    p.skipChildren();
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            int wanted = ptr.getMatchingIndex();
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                if (i == wanted) {
                    result = walk(p, ptr.tail());
                } else {
                    p.skipChildren();
                }
            }
        }
        return result;
    }

    private static String typeName(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
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
