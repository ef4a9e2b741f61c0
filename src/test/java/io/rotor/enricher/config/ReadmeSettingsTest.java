package io.rotor.enricher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Setting.Group;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of the service's own settings says what the code defines. */
class ReadmeSettingsTest {
    @Test
    void everyServiceSettingHasItsRowWithTheDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        for (Setting s : SettingNames.inGroup(Group.SERVICE)) {
            assertThat(readme).as(s.name()).contains("| `" + s.name() + "` | `" + s.defaultValue() + "` | ");
        }
    }
}
