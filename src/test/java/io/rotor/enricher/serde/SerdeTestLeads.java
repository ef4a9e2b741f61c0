package io.rotor.enricher.serde;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Lead values for the serde tests, built inline so they do not depend on the topology's fixtures. */
final class SerdeTestLeads {
    static final Instant ARCHIVED_AT = Instant.parse("2024-03-01T10:15:30.123Z");
    static final Instant CREATED_AT = Instant.parse("2023-11-20T08:00:00Z");
    static final Instant FOLLOW_UP = Instant.parse("2024-04-02T09:30:00Z");

    private SerdeTestLeads() {
    }

    /** A Lead with every one of the 24 fields set. */
    static Lead full() {
        return Lead.newBuilder()
                .setId("3f2b8c1e-1111-4a2b-9c3d-000000000001")
                .setArchived(false)
                .setArchivedAt(ARCHIVED_AT)
                .setAssignedTo("Dana")
                .setCreatedAt(CREATED_AT)
                .setEmail("jo@example.com")
                .setFollowUpDate(FOLLOW_UP)
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
    static Lead withId(String id) {
        return Lead.newBuilder().setId(id).build();
    }

    /** Settings for a serde on a fresh, private {@code mock://} scope. */
    static Map<String, Object> mockConfig(String scope) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    }

    static String uniqueScope(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
