package io.rotor.enricher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadMapper;
import io.rotor.enricher.serde.LeadSerde;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.testkit.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 8: a value that parses but that the schema cannot hold (an instant past epoch milliseconds, a number
 * outside double) becomes the field's default plus a warning, so every encoding of the lead works: the output
 * serializer's and the cache's plain Avro fallback. One such lead must not fail every restart.
 */
class ExtremeValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INSTANT_FIELDS = List.of("archived_at", "created_at", "follow_up_date");
    private static final List<String> NUMBER_FIELDS = List.of("projected_value", "value_score");
    private static final List<String> EXTREME_INSTANTS = List.of(
            "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+292278994-08-17T07:12:55.808Z",
            "-292275055-05-16T16:47:04.191Z", "+999999999-12-31", "+999999999-12-31T23:59:59.999999999-18:00");
    private static final List<String> EXTREME_NUMBERS = List.of("1e400", "-1e400", "1.7976931348623159e308");

    private final String scope = Fixtures.uniqueScope("extreme");
    private final LeadSerde serde = new LeadSerde();

    @AfterEach
    void dropScope() {
        serde.close();
        MockSchemaRegistry.dropScope(scope);
    }

    private static ObjectNode lead(String id) {
        ObjectNode data = JSON.createObjectNode();
        data.put("id", id);
        data.put("name", "Extreme Lead");
        data.put("created_at", "2019-12-27T18:11:19.117Z");
        return data;
    }

    private void everyEncodingWorks(LeadMapper.MappedLead mapped) {
        Lead lead = mapped.lead();
        assertThat(LeadAvro.decode(LeadAvro.encode(lead))).isEqualTo(lead);
        byte[] bytes = serde.serializer().serialize("out", lead);
        assertThat(serde.deserializer().deserialize("out", bytes)).isEqualTo(lead);
    }

    @Test
    void everyInstantFieldWithEveryExtremeValueBecomesNullWithAWarning() {
        serde.configure(Fixtures.mockRegistryConfig(scope), false);
        for (String field : INSTANT_FIELDS) {
            for (String value : EXTREME_INSTANTS) {
                ObjectNode data = lead("lead-" + field);
                data.put(field, value);
                LeadMapper.MappedLead mapped = new LeadMapper().map(data);
                assertThat(mapped.lead().get(fieldIndex(field))).as(field + "=" + value).isNull();
                assertThat(mapped.warnings()).as(field + "=" + value).anyMatch(w -> w.startsWith(field + ": "));
                everyEncodingWorks(mapped);
            }
        }
    }

    @Test
    void everyNumberFieldWithEveryExtremeValueBecomesNullWithAWarning() {
        serde.configure(Fixtures.mockRegistryConfig(scope), false);
        for (String field : NUMBER_FIELDS) {
            for (String value : EXTREME_NUMBERS) {
                ObjectNode data = lead("lead-" + field);
                data.put(field, new BigDecimal(value));
                LeadMapper.MappedLead mapped = new LeadMapper().map(data);
                assertThat(mapped.lead().get(fieldIndex(field))).as(field + "=" + value).isNull();
                assertThat(mapped.warnings()).anyMatch(w -> w.startsWith(field + ": "));
                everyEncodingWorks(mapped);
            }
        }
        ObjectNode data = lead("lead-location");
        data.putArray("location").add(new BigDecimal("1e400")).add(1.0);
        everyEncodingWorks(new LeadMapper().map(data));
    }

    /** Random instants over the whole range Java parses: whatever the mapper keeps, every encoding holds. */
    @Test
    void randomInstantsAcrossTheWholeParseableRangeNeverBreakAnEncoding() {
        serde.configure(Fixtures.mockRegistryConfig(scope), false);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 500; i++) {
            long year = random.nextLong(-999_999_999L, 1_000_000_000L);
            String text = (year < 0 ? "-" : "+") + String.format("%09d", Math.abs(year)) + "-06-15T12:00:00Z";
            ObjectNode data = lead("lead-" + i);
            data.put(INSTANT_FIELDS.get(i % INSTANT_FIELDS.size()), text);
            everyEncodingWorks(new LeadMapper().map(data));
        }
    }

    private static int fieldIndex(String jsonName) {
        return Lead.getClassSchema().getField(jsonName).pos();
    }
}
