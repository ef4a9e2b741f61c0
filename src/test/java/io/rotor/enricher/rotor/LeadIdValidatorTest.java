package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadIdValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LeadIdValidator validator = new LeadIdValidator();

    @ParameterizedTest
    @ValueSource(strings = {"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", "a/b", "%2e%2e", "?x", "#", "a b", "lead é ✓ 😀", "...", ".a", "7"})
    void acceptsAnyNonBlankStringWithoutControls(String id) {
        LeadIdValidator.Validation v = validator.validate(id);
        assertThat(v.valid()).isTrue();
        assertThat(v.leadId()).isEqualTo(id);
        assertThat(v.reason()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42|lead id is a JSON number, not a string",
            "4.5|lead id is a JSON number, not a string",
            "{\"id\":\"x\"}|lead id is a JSON object, not a string",
            "[\"x\"]|lead id is a JSON array, not a string",
            "true|lead id is a JSON boolean, not a string",
            "null|lead id is null",
            "\"\"|lead id is empty",
            "\"   \"|lead id is blank",
            "\"\\t\"|lead id is blank",
            "\".\"|lead id '.' is a dot segment",
            "\"..\"|lead id '..' is a dot segment",
            "\"a\\u0000b\"|lead id contains control character U+0000 at index 1",
            "\"ab\\n\"|lead id contains control character U+000A at index 2",
            "\"a\\u007fb\"|lead id contains control character U+007F at index 1",
            "\"\\ud800x\"|lead id contains an unpaired surrogate at index 0"
    })
    void rejectsJsonValuesThatAreNotUsableIds(String json, String reason) throws Exception {
        LeadIdValidator.Validation v = validator.validate(JSON.readTree(json));
        assertThat(v.valid()).isFalse();
        assertThat(v.leadId()).isNull();
        assertThat(v.reason()).isEqualTo(reason);
    }

    @Test
    void missingValuesAreRejected() {
        assertThat(validator.validate((com.fasterxml.jackson.databind.JsonNode) null).reason()).isEqualTo("lead id is missing");
        assertThat(validator.validate(MissingNode.getInstance()).reason()).isEqualTo("lead id is missing");
        assertThat(validator.validate((String) null).reason()).isEqualTo("lead id is missing");
    }

    @Test
    void lengthLimitCountsCharactersAndIsConfigurable() {
        assertThat(validator.validate("x".repeat(256)).valid()).isTrue();
        assertThat(validator.validate("x".repeat(257)).reason())
                .isEqualTo("lead id has 257 characters, more than the limit of 256");
        assertThat(validator.validate("😀".repeat(256)).valid()).isTrue();

        LeadIdValidator short8 = new LeadIdValidator(8);
        assertThat(short8.validate("12345678").valid()).isTrue();
        assertThat(short8.validate("123456789").reason()).isEqualTo("lead id has 9 characters, more than the limit of 8");
        assertThatThrownBy(() -> new LeadIdValidator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textNodesAreValidatedAsStrings() throws Exception {
        assertThat(validator.validate(JSON.readTree("\"abc\"")).leadId()).isEqualTo("abc");
    }
}
