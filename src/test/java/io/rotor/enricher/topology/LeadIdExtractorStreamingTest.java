package io.rotor.enricher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.rotor.enricher.config.LeadIdSettings;
import io.rotor.enricher.config.TopologySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the pointer is read by streaming the event's tokens instead of building a tree. Every answer (the id
 * or the reason, word for word) must be what the tree parse gave: checked against it on hand-picked edge cases and
 * on random and randomly broken documents.
 */
class LeadIdExtractorStreamingTest {
    private static final String[] POINTERS = {"/lead_id", "/data/lead/id", "/items/1/id", "/0", "/a~1b", "/e~0f"};

    /** The tree parse this class replaced, as the oracle. */
    private static LeadIdExtractor.Extraction byTree(byte[] value, String pointerText, LeadIdCheck check) {
        JsonNode root;
        try {
            root = LeadIdExtractor.JSON.readTree(value);
        } catch (IOException notJson) {
            return LeadIdExtractor.Extraction.invalid("the value is not JSON");
        }
        if (root == null || root.isMissingNode()) {
            return LeadIdExtractor.Extraction.invalid("the value is empty, not JSON");
        }
        JsonNode node = root.at(JsonPointer.compile(pointerText));
        if (node.isMissingNode() || node.isNull()) {
            return LeadIdExtractor.Extraction.invalid("no lead id at JSON pointer " + pointerText);
        }
        if (!node.isTextual()) {
            return LeadIdExtractor.Extraction.invalid("the lead id at " + pointerText + " is a JSON "
                    + node.getNodeType().name().toLowerCase() + ", not a string");
        }
        String problem = check.problem(node.textValue());
        return problem == null ? LeadIdExtractor.Extraction.ok(node.textValue()) : LeadIdExtractor.Extraction.invalid(problem);
    }

    private static void agree(String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        LeadIdCheck check = LeadIdCheck.standard(256);
        for (String pointer : POINTERS) {
            LeadIdExtractor streaming = new LeadIdExtractor(
                    new LeadIdSettings(TopologySettings.LeadIdSource.POINTER, pointer, "lead_id", 256), check);
            assertThat(streaming.extract(null, value, new RecordHeaders())).as("%s at %s", json, pointer)
                    .isEqualTo(byTree(value, pointer, check));
        }
    }

    @Test
    void edgeCasesAnswerAsTheTreeParseDid() {
        for (String json : List.of("", "   ", "null", "42", "\"lead_id\"", "[]", "{}", "{\"lead_id\":\"abc-1\"}",
                "{\"lead_id\":null}", "{\"lead_id\":7}", "{\"lead_id\":1.5}", "{\"lead_id\":true}", "{\"lead_id\":{}}",
                "{\"lead_id\":[\"x\"]}", "{\"lead_id\":\"a\",\"lead_id\":\"b\"}", "{\"lead_id\":\"a\",\"lead_id\":3}",
                "{\"lead_id\":\"abc\"", "{\"lead_id\":\"abc\",}", "{\"lead_id\":\"abc\", x}", "{\"lead_id\":\"abc\"} trailing",
                "{\"lead_id\":\"abc\"} {\"lead_id\":\"def\"}", "{\"data\":{\"lead\":{\"id\":\"deep\"}}}",
                "{\"data\":{\"lead\":[{\"id\":\"in-array\"}]}}", "{\"items\":[{\"id\":\"zero\"},{\"id\":\"one\"}]}",
                "{\"items\":{\"1\":{\"id\":\"object-key\"}}}", "[\"first\",\"second\"]", "{\"0\":\"zero-key\"}",
                "{\"a/b\":\"slash\"}", "{\"e~f\":\"tilde\"}", "{\"lead_id\":\"\"}", "{\"lead_id\":\"has space\"}",
                "{\"lead_id\":\"\\u0000\"}", "{\"x\":[1,2,{\"y\":[[]]}],\"lead_id\":\"after-nested\"}",
                "{\"lead_id\":\"x\",\"rest\":[1,2,}", "\uFEFF{\"lead_id\":\"bom\"}", "{'lead_id':'single'}")) {
            agree(json);
        }
    }

    @Test
    void randomAndRandomlyBrokenDocumentsAnswerAsTheTreeParseDid() {
        SplittableRandom random = new SplittableRandom(16);
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String doc = value(random, 0);
            docs.add(doc);
            if (doc.length() > 2) {
                int cut = random.nextInt(doc.length());
                docs.add(doc.substring(0, cut)); // truncated
                docs.add(doc.substring(0, cut) + "}" + doc.substring(cut)); // a stray brace
            }
        }
        docs.forEach(LeadIdExtractorStreamingTest::agree);
    }

    private static String value(SplittableRandom r, int depth) {
        int kind = depth > 3 ? r.nextInt(4) : r.nextInt(7);
        return switch (kind) {
            case 0 -> "\"" + (r.nextBoolean() ? "id-" + r.nextInt(100) : "") + "\"";
            case 1 -> Integer.toString(r.nextInt(-5, 1000));
            case 2 -> r.nextBoolean() ? "true" : "null";
            case 3 -> "1.25";
            case 4, 5 -> {
                StringBuilder b = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String[] names = {"lead_id", "data", "lead", "id", "items", "0", "a/b", "other"};
                    b.append(i > 0 ? "," : "").append('"').append(names[r.nextInt(names.length)]).append("\":").append(value(r, depth + 1));
                }
                yield b.append('}').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(value(r, depth + 1));
                }
                yield b.append(']').toString();
            }
        };
    }
}
