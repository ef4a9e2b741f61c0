package io.rotor.enricher.rotor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code GET /leads} page, {@code {"data": [lead, ...], "pagination": {...}, "status": "success"}}, token by
 * token: one lead's tree at a time is built and mapped, never the tree of a page of 1,000 leads. An entry of
 * {@code data} that is not an object with a string {@code id} is skipped and counted (it cannot be keyed); anything
 * else off the envelope makes the page a BAD_RESPONSE.
 */
final class LeadPageParser {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            // A page may be tens of MiB; Jackson's default document limits are per value and stay in force.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());

    private final LeadMapper mapper;

    LeadPageParser(LeadMapper mapper) {
        this.mapper = mapper;
    }

    /** The page, or a BAD_RESPONSE saying what is wrong with the body. */
    LeadPage parse(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return bad("body is not a JSON object");
            }
            List<LeadMapper.MappedLead> leads = null;
            int skipped = 0;
            Boolean hasMore = null;
            long total = -1;
            String status = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "data" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return bad("envelope data is not an array");
                        }
                        leads = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode lead = p.readValueAsTree();
                            JsonNode id = lead == null ? null : lead.get("id");
                            if (lead == null || !lead.isObject() || id == null || !id.isTextual() || id.textValue().isEmpty()) {
                                skipped++;
                            } else {
                                leads.add(mapper.map(lead));
                            }
                        }
                    }
                    case "pagination" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return bad("envelope pagination is not an object");
                        }
                        JsonNode pagination = p.readValueAsTree();
                        JsonNode more = pagination.get("has_more");
                        if (more == null || !more.isBoolean()) {
                            return bad("pagination.has_more is not a boolean");
                        }
                        hasMore = more.booleanValue();
                        JsonNode t = pagination.get("total");
                        total = t != null && t.canConvertToLong() ? t.longValue() : -1;
                    }
                    case "status" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            String text = p.getText();
                            status = '"' + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + '"';
                        } else if (value != JsonToken.VALUE_NULL) {
                            p.skipChildren();
                            status = "not a string";
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (status != null && !status.equals("\"success\"")) {
                return bad("envelope status is " + status + ", expected \"success\"");
            }
            if (leads == null) {
                return bad("envelope has no data");
            }
            if (hasMore == null) {
                return bad("envelope has no pagination");
            }
            return LeadPage.page(leads, skipped, hasMore, total);
        } catch (IOException e) {
            var loc = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getLocation() : null;
            return bad("body is not JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        }
    }

    private static LeadPage bad(String why) {
        return LeadPage.failed(LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, why));
    }
}
