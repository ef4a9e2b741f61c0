package io.rotor.enricher.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** The evolution rule the README states, checked with Avro's own compatibility rules. */
class LeadSchemaEvolutionTest {
    private static final Schema CURRENT = Lead.getClassSchema();

    @Test
    void addingOrRemovingAFieldWithADefaultIsFullyCompatible() {
        Schema nullableString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema added = withFields(fieldsExcept(null),
                new Schema.Field("region", nullableString, "Sales region.", Schema.Field.NULL_DEFAULT_VALUE));
        Schema removed = withFields(fieldsExcept("notes"));
        assertThat(removed.getField("notes")).isNull();
        assertThat(added.getField("region")).isNotNull();

        assertThat(fullyCompatible(CURRENT, added)).isTrue();
        assertThat(fullyCompatible(CURRENT, removed)).isTrue();
    }

    @Test
    void addingAFieldWithoutADefaultBreaksOldWritersData() {
        Schema required = withFields(fieldsExcept(null),
                new Schema.Field("region", Schema.create(Schema.Type.STRING), "Sales region.", (Object) null));

        assertThat(compatible(required, CURRENT)).as("new reader, old data").isFalse();
    }

    @Test
    void aNewPrioritySymbolReadsAsUnknownForOldReaders() {
        Schema newer = parse(CURRENT.toString().replace("\"high\",\"unknown\"", "\"high\",\"urgent\",\"unknown\""));
        assertThat(newer.getField("priority").schema().getTypes().get(1).getEnumSymbols()).contains("urgent");

        assertThat(compatible(CURRENT, newer)).as("old reader, new data").isTrue();
    }

    private static List<Schema.Field> fieldsExcept(String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : CURRENT.getFields()) {
            if (!field.name().equals(name)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return fields;
    }

    private static Schema withFields(List<Schema.Field> fields, Schema.Field... extra) {
        List<Schema.Field> all = new ArrayList<>(fields);
        all.addAll(List.of(extra));
        return Schema.createRecord(CURRENT.getName(), CURRENT.getDoc(), CURRENT.getNamespace(), false, all);
    }

    private static boolean fullyCompatible(Schema a, Schema b) {
        return compatible(a, b) && compatible(b, a);
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
