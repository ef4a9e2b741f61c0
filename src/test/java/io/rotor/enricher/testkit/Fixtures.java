package io.rotor.enricher.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import io.rotor.enricher.serde.AvroSerdeConfig;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The one fixture builder for input events (JSON values, keys, headers) and leads; shared by every test. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A deterministic lead id (UUID-shaped, as in Rotor's examples) for index {@code n}. */
    public static String leadId(int n) {
        return new UUID(0x5EED_0000_0000_0000L + n, n).toString();
    }

    /** An event JSON object {"lead_id": id, "type": type, "n": n}. */
    public static ObjectNode eventJson(String leadId, String type, int n) {
        ObjectNode node = JSON.createObjectNode();
        if (leadId != null) {
            node.put("lead_id", leadId);
        }
        node.put("type", type);
        node.put("n", n);
        return node;
    }

    /** A lead.created event for {@code leadId}, as UTF-8 JSON bytes. */
    public static byte[] event(String leadId) {
        return event(leadId, "lead.created", 0);
    }

    public static byte[] event(String leadId, String type, int n) {
        return bytes(eventJson(leadId, type, n));
    }

    public static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Headers from name/value pairs (values UTF-8). */
    public static Headers headers(String... nameValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            headers.add(nameValues[i], utf8(nameValues[i + 1]));
        }
        return headers;
    }

    /** A W3C traceparent value for index {@code n}. */
    public static String traceparent(int n) {
        return String.format("00-%032x-%016x-01", n + 1, n + 7);
    }

    /** A lead with a few fields set; fields are synthetic, not personal data. */
    public static Lead lead(String leadId) {
        return Lead.newBuilder()
                .setId(leadId)
                .setName("Test Lead " + leadId.substring(0, 8))
                .setEmail("lead-" + leadId.substring(0, 8) + "@example.test")
                .setPriority(Priority.high)
                .setStage("new")
                .setTags(List.of("test"))
                .setCreatedAt(Instant.parse("2019-12-27T18:11:19.117Z"))
                .build();
    }

    /**
     * A leads-table record as another writer (another instance, the sync) would write it: the lead framed by the test
     * serializer, fetched at {@code fetchedAtMs}.
     */
    public static org.apache.kafka.streams.test.TestRecord<String, byte[]> tableRecord(Lead lead, long fetchedAtMs,
            io.rotor.enricher.catalog.CatalogRecords.Source source, long timestampMs) {
        return new org.apache.kafka.streams.test.TestRecord<>(lead.getId(), new TestLeadSerializer().serialize("t", lead),
                io.rotor.enricher.catalog.CatalogRecords.headers(fetchedAtMs, source, List.of()), timestampMs);
    }

    /** The instants of {@link #fullLead()}. */
    public static final Instant FULL_LEAD_ARCHIVED_AT = Instant.parse("2024-03-01T10:15:30.123Z");
    public static final Instant FULL_LEAD_CREATED_AT = Instant.parse("2023-11-20T08:00:00Z");
    public static final Instant FULL_LEAD_FOLLOW_UP = Instant.parse("2024-04-02T09:30:00Z");

    /** A Lead with every one of the 24 fields set (the serde's golden bytes are of this lead). */
    public static Lead fullLead() {
        return Lead.newBuilder()
                .setId("3f2b8c1e-1111-4a2b-9c3d-000000000001")
                .setArchived(false)
                .setArchivedAt(FULL_LEAD_ARCHIVED_AT)
                .setAssignedTo("Dana")
                .setCreatedAt(FULL_LEAD_CREATED_AT)
                .setEmail("jo@example.com")
                .setFollowUpDate(FULL_LEAD_FOLLOW_UP)
                .setLeadSource("web")
                .setLocation(List.of(40.7128, -74.006))
                .setName("Jo Example")
                .setNotes("Prefers mornings")
                .setPhone("+1 555 0100")
                .setPriority(Priority.high)
                .setProjectedValue(12500.5)
                .setPropertyCity("Springfield")
                .setPropertyCountry("US")
                .setPropertyState("IL")
                .setPropertyStreet1("1 Main St")
                .setPropertyStreet2("Apt 2")
                .setPropertyZip("62701")
                .setServiceType("roofing")
                .setStage("new")
                .setTags(List.of("storm", "referral"))
                .setValueScore(0.87)
                .build();
    }

    /** A Lead with only an id. */
    public static Lead idOnlyLead(String id) {
        return Lead.newBuilder().setId(id).build();
    }

    /** Settings for a serde on a private {@code mock://} scope; drop the scope when the test ends. */
    public static Map<String, Object> mockRegistryConfig(String scope) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.URL_SCHEME + scope);
    }

    /** A {@code mock://} scope no other test uses. */
    public static String uniqueScope(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
