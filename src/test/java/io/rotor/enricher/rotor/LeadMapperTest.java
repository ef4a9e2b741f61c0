package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import io.rotor.enricher.testkit.RotorReference;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LeadMapper mapper = new LeadMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void referenceExampleMapsToExactlyTheExpectedLead() throws Exception {
        LeadMapper.MappedLead mapped = mapper.map(json(RotorReference.LEAD_200).get("data"));
        Lead lead = mapped.lead();
        Instant t = Instant.parse("2019-12-27T18:11:19.117Z");

        assertThat(mapped.warnings()).isEmpty();
        assertThat(lead.getId()).isEqualTo("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
        assertThat(lead.getArchived()).isTrue();
        assertThat(lead.getArchivedAt()).isEqualTo(t);
        assertThat(lead.getAssignedTo()).isEqualTo("assigned_to");
        assertThat(lead.getCreatedAt()).isEqualTo(t);
        assertThat(lead.getEmail()).isEqualTo("dev@stainless.com");
        assertThat(lead.getFollowUpDate()).isEqualTo(t);
        assertThat(lead.getLeadSource()).isEqualTo("lead_source");
        assertThat(lead.getLocation()).containsExactly(0.0);
        assertThat(lead.getName()).isEqualTo("name");
        assertThat(lead.getNotes()).isEqualTo("notes");
        assertThat(lead.getPhone()).isEqualTo("phone");
        assertThat(lead.getPriority()).isEqualTo(Priority.low);
        assertThat(lead.getProjectedValue()).isEqualTo(0.0);
        assertThat(lead.getPropertyCity()).isEqualTo("property_city");
        assertThat(lead.getPropertyCountry()).isEqualTo("property_country");
        assertThat(lead.getPropertyState()).isEqualTo("property_state");
        assertThat(lead.getPropertyStreet1()).isEqualTo("property_street1");
        assertThat(lead.getPropertyStreet2()).isEqualTo("property_street2");
        assertThat(lead.getPropertyZip()).isEqualTo("property_zip");
        assertThat(lead.getServiceType()).isEqualTo("service_type");
        assertThat(lead.getStage()).isEqualTo("stage");
        assertThat(lead.getTags()).containsExactly("string");
        assertThat(lead.getValueScore()).isEqualTo(0.0);

        Lead expected = new Lead("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", true, t, "assigned_to", t, "dev@stainless.com", t,
                "lead_source", List.of(0.0), "name", "notes", "phone", Priority.low, 0.0, "property_city",
                "property_country", "property_state", "property_street1", "property_street2", "property_zip",
                "service_type", "stage", List.of("string"), 0.0);
        assertThat(lead).isEqualTo(expected);
    }

    @Test
    void missingAndNullFieldsAreNullAndUnknownFieldsIgnored() throws Exception {
        LeadMapper.MappedLead mapped = mapper.map(json("""
                {"id": "x", "name": null, "brand_new_field": {"a": [1, 2]}, "another": 3}"""));
        assertThat(mapped.warnings()).isEmpty();
        Lead lead = mapped.lead();
        assertThat(lead.getId()).isEqualTo("x");
        assertThat(lead.getName()).isNull();
        assertThat(lead.getArchived()).isNull();
        assertThat(lead.getCreatedAt()).isNull();
        assertThat(lead.getPriority()).isNull();
        assertThat(lead.getTags()).isNull();
        assertThat(lead.getLocation()).isNull();
        assertThat(lead.getValueScore()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "2019-12-27T18:11:19.117Z, 2019-12-27T18:11:19.117Z",
            "2019-12-27T18:11:19Z, 2019-12-27T18:11:19Z",
            "2019-12-27T18:11:19.1Z, 2019-12-27T18:11:19.100Z",
            "2019-12-27T18:11:19.123456789Z, 2019-12-27T18:11:19.123Z",
            "2019-12-27T20:11:19.117+02:00, 2019-12-27T18:11:19.117Z",
            "2019-12-27T13:11:19-05:00, 2019-12-27T18:11:19Z",
            "2019-12-27T20:11:19+0200, 2019-12-27T18:11:19Z",
            "2019-12-27T18:11:19.117, 2019-12-27T18:11:19.117Z",
            "2019-12-27T18:11:19, 2019-12-27T18:11:19Z",
            "2019-12-27, 2019-12-27T00:00:00Z"
    })
    void isoInstantsWithAndWithoutFractionAndOffsetBecomeMillis(String raw, String expected) throws Exception {
        LeadMapper.MappedLead mapped = mapper.map(json("{\"created_at\": \"" + raw + "\"}"));
        assertThat(mapped.warnings()).isEmpty();
        assertThat(mapped.lead().getCreatedAt()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void unknownPriorityBecomesUnknownWithAWarning() throws Exception {
        LeadMapper.MappedLead mapped = mapper.map(json("{\"priority\": \"urgent\"}"));
        assertThat(mapped.lead().getPriority()).isEqualTo(Priority.unknown);
        assertThat(mapped.warnings()).containsExactly("priority: unsupported value \"urgent\"");
    }

    @Test
    void everyKnownPriorityMaps() throws Exception {
        assertThat(mapper.map(json("{\"priority\": \"low\"}")).lead().getPriority()).isEqualTo(Priority.low);
        assertThat(mapper.map(json("{\"priority\": \"medium\"}")).lead().getPriority()).isEqualTo(Priority.medium);
        assertThat(mapper.map(json("{\"priority\": \"high\"}")).lead().getPriority()).isEqualTo(Priority.high);
        LeadMapper.MappedLead numeric = mapper.map(json("{\"priority\": 3}"));
        assertThat(numeric.lead().getPriority()).isEqualTo(Priority.unknown);
        assertThat(numeric.warnings()).containsExactly("priority: unsupported value 3");
    }

    @Test
    void valuesTheSchemaCannotHoldTakeTheDefaultAndWarnWithFieldAndRawValue() throws Exception {
        LeadMapper.MappedLead mapped = mapper.map(json("""
                {"id": 42, "archived": "yes", "created_at": "yesterday", "archived_at": 1577470279117,
                 "projected_value": "abc", "value_score": true, "location": [1.5, "north"],
                 "tags": ["a", 1], "stage": {"name": "won"}, "email": "ok@example.com"}"""));
        Lead lead = mapped.lead();
        assertThat(lead.getId()).isNull();
        assertThat(lead.getArchived()).isNull();
        assertThat(lead.getCreatedAt()).isNull();
        assertThat(lead.getArchivedAt()).isNull();
        assertThat(lead.getProjectedValue()).isNull();
        assertThat(lead.getValueScore()).isNull();
        assertThat(lead.getLocation()).isNull();
        assertThat(lead.getTags()).isNull();
        assertThat(lead.getStage()).isNull();
        assertThat(lead.getEmail()).isEqualTo("ok@example.com");
        assertThat(mapped.warnings()).containsExactlyInAnyOrder(
                "id: expected a string, got 42",
                "archived: expected a boolean, got \"yes\"",
                "created_at: not an ISO-8601 instant \"yesterday\"",
                "archived_at: expected an ISO-8601 string, got 1577470279117",
                "projected_value: not a number \"abc\"",
                "value_score: not a number true",
                "location: expected an array of numbers, got [1.5,\"north\"]",
                "tags: expected an array of strings, got [\"a\",1]",
                "stage: expected a string, got {\"name\":\"won\"}");
    }

    @Test
    void rawValuesInWarningsAreTruncated() throws Exception {
        String longValue = "z".repeat(5000);
        LeadMapper.MappedLead mapped = mapper.map(json("{\"priority\": \"" + longValue + "\"}"));
        String warning = mapped.warnings().get(0);
        assertThat(warning).startsWith("priority: unsupported value \"zzz").endsWith("…");
        assertThat(warning.length()).isLessThan(LeadMapper.MAX_RAW_CHARS + 40);
    }

    @Test
    void numbersOfEveryJsonFormAreDoubles() throws Exception {
        Lead lead = mapper.map(json("{\"projected_value\": 12, \"value_score\": 1.5e3, \"location\": [52.52, -13.4, 0]}")).lead();
        assertThat(lead.getProjectedValue()).isEqualTo(12.0);
        assertThat(lead.getValueScore()).isEqualTo(1500.0);
        assertThat(lead.getLocation()).containsExactly(52.52, -13.4, 0.0);
    }
}
