package io.rotor.enricher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md and the README's list of names are generated from {@link Settings}: this fails when either is
 * stale. {@code -Dconfig.docs.update=true} rewrites them.
 */
class ConfigurationReferenceTest {
    private static final boolean UPDATE = Boolean.getBoolean("config.docs.update");

    @Test
    void theReferenceTablesMatchTheSettingsTable() throws IOException {
        assertGenerated(Path.of("docs/CONFIGURATION.md"), ConfigurationReference.tables());
    }

    @Test
    void theReadmeListsEverySettingName() throws IOException {
        assertGenerated(Path.of("README.md"), ConfigurationReference.names());
    }

    @Test
    void everySettingIsInTheReferenceWithItsDefault() throws IOException {
        String reference = Files.readString(Path.of("docs/CONFIGURATION.md"), StandardCharsets.UTF_8);
        for (Setting<?> s : Settings.ALL) {
            String dflt = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
            assertThat(reference).as(s.name()).contains("| `" + s.name() + "` | " + s.type().accepts().replace("|", "\\|").replace("<", "&lt;") + " | " + dflt + " | ");
        }
    }

    @Test
    void everyCrossCheckIsDocumentedAtTheSettingItReportsAgainst() {
        for (CrossCheck check : Settings.CROSS_CHECKS) {
            assertThat(ConfigurationReference.tables()).contains(check.doc());
            assertThat(check.reads()).as(check.doc()).contains(check.reported());
        }
    }

    private static void assertGenerated(Path file, String generated) throws IOException {
        String document = Files.readString(file, StandardCharsets.UTF_8);
        String expected = ConfigurationReference.splice(document, generated);
        if (UPDATE && !expected.equals(document)) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(document).as(file + " is stale: run mvn test -Dtest=ConfigurationReferenceTest -Dconfig.docs.update=true")
                .isEqualTo(expected);
    }
}
