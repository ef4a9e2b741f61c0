package io.rotor.enricher.app;

import io.rotor.enricher.config.Setting;
import io.rotor.enricher.config.Settings;

/** The settings section of {@code --help}, generated from {@link Settings}. */
final class SettingsHelp {
    private SettingsHelp() {
    }

    static String footer() {
        StringBuilder text = new StringBuilder("%nSettings (environment, --config file or --set NAME=VALUE; "
                + "precedence: defaults < file < environment < command line):%n");
        for (Setting<?> s : Settings.ALL) {
            String value = s.secret() ? "" : s.defaultValue().isEmpty() ? " (default: none)" : " (default: " + s.defaultValue() + ")";
            text.append("  ").append(s.name()).append(value).append("%n      ")
                    .append(s.doc().replace("%", "%%")).append("%n");
        }
        text.append("  KAFKA_<NAME>%n      any Kafka Streams/producer/consumer/admin/topic property, e.g. KAFKA_SASL_MECHANISM -> sasl.mechanism%n");
        text.append("  SCHEMA_REGISTRY_<NAME>%n      a serde property, e.g. SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO -> basic.auth.user.info%n");
        text.append("%nExit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.%n");
        return text.toString();
    }
}
