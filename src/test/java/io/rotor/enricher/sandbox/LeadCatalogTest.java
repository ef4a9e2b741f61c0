package io.rotor.enricher.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadCatalogTest {
    static final String REFERENCE_EXAMPLE = """
            {
              "data": {
                "id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
                "archived": true,
                "archived_at": "2019-12-27T18:11:19.117Z",
                "assigned_to": "assigned_to",
                "created_at": "2019-12-27T18:11:19.117Z",
                "email": "dev@stainless.com",
                "follow_up_date": "2019-12-27T18:11:19.117Z",
                "lead_source": "lead_source",
                "location": [
                  0
                ],
                "name": "name",
                "notes": "notes",
                "phone": "phone",
                "priority": "low",
                "projected_value": 0,
                "property_city": "property_city",
                "property_country": "property_country",
                "property_state": "property_state",
                "property_street1": "property_street1",
                "property_street2": "property_street2",
                "property_zip": "property_zip",
                "service_type": "service_type",
                "stage": "stage",
                "tags": [
                  "string"
                ],
                "value_score": 0
              },
              "status": "success"
            }
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ROTOR_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    @Test
    void sameSeedGivesSameCatalog() {
        LeadCatalog a = LeadCatalog.generate(7, 200);
        LeadCatalog b = LeadCatalog.generate(7, 200);
        assertThat(a.ids()).isEqualTo(b.ids());
        for (String id : a.ids()) {
            assertThat(a.lead(id)).isEqualTo(b.lead(id));
            assertThat(a.successBody(id)).isEqualTo(b.successBody(id));
        }
    }

    @Test
    void anotherSeedGivesOtherLeads() {
        LeadCatalog a = LeadCatalog.generate(7, 50);
        LeadCatalog b = LeadCatalog.generate(8, 50);
        assertThat(a.ids().subList(1, 50)).doesNotContainAnyElementsOf(b.ids().subList(1, 50));
        assertThat(a.successBody(a.ids().get(10))).isNotEqualTo(b.successBody(b.ids().get(10)));
        assertThat(a.ids().get(0)).isEqualTo(b.ids().get(0)).isEqualTo(LeadCatalog.EXAMPLE_LEAD_ID);
    }

    @Test
    void exampleLeadIsTheReferenceExampleExactly() throws Exception {
        LeadCatalog catalog = LeadCatalog.generate(1, 1);
        assertThat(catalog.ids()).containsExactly(LeadCatalog.EXAMPLE_LEAD_ID);
        JsonNode served = MAPPER.readTree(catalog.successBody(LeadCatalog.EXAMPLE_LEAD_ID));
        assertThat(served).isEqualTo(MAPPER.readTree(REFERENCE_EXAMPLE));
        // Same field order as the reference too.
        List<String> order = new java.util.ArrayList<>();
        served.get("data").fieldNames().forEachRemaining(order::add);
        assertThat(order).isEqualTo(LeadCatalog.FIELDS);
    }

    @Test
    void sizeIsExactAndIdsAreDistinctUuids() {
        LeadCatalog catalog = LeadCatalog.generate(3, 1000);
        assertThat(catalog.size()).isEqualTo(1000);
        assertThat(new HashSet<>(catalog.ids())).hasSize(1000);
        assertThat(catalog.ids()).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(catalog.contains("not-a-lead")).isFalse();
        assertThat(catalog.lead("not-a-lead")).isEmpty();
        assertThatThrownBy(() -> LeadCatalog.generate(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedLeadsCoverAllNullAndIdOnly() {
        LeadCatalog catalog = LeadCatalog.generate(5, 10);
        ObjectNode allNull = catalog.lead(catalog.ids().get(1)).orElseThrow();
        assertThat(allNull.size()).isEqualTo(24);
        LeadCatalog.FIELDS.subList(1, 24).forEach(f -> assertThat(allNull.get(f).isNull()).as(f).isTrue());
        ObjectNode idOnly = catalog.lead(catalog.ids().get(2)).orElseThrow();
        assertThat(idOnly.size()).isEqualTo(1);
        assertThat(idOnly.get("id").asText()).isEqualTo(catalog.ids().get(2));
    }

    @Test
    void generatedLeadsHaveEveryFieldKindWithRealisticValues() {
        LeadCatalog catalog = LeadCatalog.generate(11, 500);
        Set<String> priorities = new HashSet<>();
        Set<String> nullSeen = new HashSet<>();
        Set<String> absentSeen = new HashSet<>();
        int withLocation = 0;
        for (String id : catalog.ids().subList(3, 500)) {
            ObjectNode lead = catalog.lead(id).orElseThrow();
            assertThat(lead.get("id").asText()).isEqualTo(id);
            for (String field : LeadCatalog.FIELDS) {
                JsonNode value = lead.get(field);
                if (value == null) {
                    absentSeen.add(field);
                    continue;
                }
                if (value.isNull()) {
                    nullSeen.add(field);
                    continue;
                }
                switch (field) {
                    case "archived" -> assertThat(value.isBoolean()).isTrue();
                    case "archived_at", "created_at", "follow_up_date" ->
                            assertThat(value.asText()).matches(ROTOR_INSTANT);
                    case "location" -> {
                        assertThat(value.isArray()).isTrue();
                        assertThat(value).hasSize(2).allMatch(JsonNode::isNumber);
                        withLocation++;
                    }
                    case "tags" -> {
                        assertThat(value.isArray()).isTrue();
                        value.forEach(t -> assertThat(t.isTextual()).isTrue());
                    }
                    case "projected_value", "value_score" -> assertThat(value.isNumber()).isTrue();
                    case "priority" -> priorities.add(value.asText());
                    case "email" -> assertThat(value.asText()).matches("[a-z0-9.]+@[a-z.]+");
                    default -> assertThat(value.isTextual()).as(field).isTrue();
                }
            }
        }
        assertThat(priorities).containsExactlyInAnyOrder("low", "medium", "high");
        assertThat(nullSeen).containsAll(LeadCatalog.FIELDS.subList(1, 24));
        assertThat(absentSeen).containsAll(LeadCatalog.FIELDS.subList(1, 24));
        assertThat(withLocation).isGreaterThan(400);
    }

    @Test
    void newestFirstOrdersByCreatedAtWithMissingLast() {
        LeadCatalog catalog = LeadCatalog.generate(2, 100);
        List<LeadCatalog.Listing> ordered = catalog.newestFirst();
        assertThat(ordered).extracting(LeadCatalog.Listing::id).containsExactlyInAnyOrderElementsOf(catalog.ids());
        String previous = null;
        boolean missingSeen = false;
        for (LeadCatalog.Listing listing : ordered) {
            String created = listing.createdAt();
            assertThat(created).isEqualTo(LeadCatalog.textOrNull(catalog.lead(listing.id()).orElseThrow().get("created_at")));
            if (created == null) {
                missingSeen = true;
                continue;
            }
            assertThat(missingSeen).as("a lead with created_at after one without").isFalse();
            if (previous != null) {
                assertThat(created).isLessThanOrEqualTo(previous);
            }
            previous = created;
        }
    }

    @Test
    void leadDataDoesNotDependOnTheOrderLeadsAreAskedFor() {
        LeadCatalog forward = LeadCatalog.generate(13, 20_000);
        LeadCatalog backward = LeadCatalog.generate(13, 20_000);
        List<String> sample = List.of(forward.ids().get(19_999), forward.ids().get(10_000), forward.ids().get(3));
        List<byte[]> backwardBodies = new java.util.ArrayList<>();
        for (int i = sample.size() - 1; i >= 0; i--) {
            backwardBodies.add(0, backward.successBody(sample.get(i)));
        }
        for (int i = 0; i < sample.size(); i++) {
            assertThat(forward.successBody(sample.get(i))).isEqualTo(backwardBodies.get(i));
        }
    }
}
