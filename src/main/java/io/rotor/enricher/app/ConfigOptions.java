package io.rotor.enricher.app;

import io.rotor.enricher.config.ConfigLoader;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options shared by {@code run} and {@code check}; each maps to a setting name. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file of NAME=value settings (overridden by the environment and the command line)")
    Path file;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "set any setting (repeatable); overrides the file and the environment")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "same as --set KAFKA_BOOTSTRAP_SERVERS=...")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "same as --set SCHEMA_REGISTRY_URL=...")
    String schemaRegistryUrl;

    @Option(names = "--application-id", paramLabel = "ID", description = "same as --set ENRICHER_APPLICATION_ID=...")
    String applicationId;

    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "same as --set ENRICHER_INPUT_TOPIC=...")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "same as --set ENRICHER_OUTPUT_TOPIC=...")
    String outputTopic;

    @Option(names = "--http-port", paramLabel = "PORT", description = "same as --set ENRICHER_HTTP_PORT=...")
    String httpPort;

    @Option(names = "--print-config",
            description = "print the effective configuration (secrets redacted) and exit")
    boolean printConfig;

    /** The command-line layer: --set values, then the named options (which win over --set). */
    Map<String, String> commandLineSettings() {
        Map<String, String> cli = new LinkedHashMap<>(settings);
        putIfGiven(cli, Settings.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers);
        putIfGiven(cli, Settings.SCHEMA_REGISTRY_URL.name(), schemaRegistryUrl);
        putIfGiven(cli, Settings.ENRICHER_APPLICATION_ID.name(), applicationId);
        putIfGiven(cli, Settings.ENRICHER_INPUT_TOPIC.name(), inputTopic);
        putIfGiven(cli, Settings.ENRICHER_OUTPUT_TOPIC.name(), outputTopic);
        putIfGiven(cli, Settings.ENRICHER_HTTP_PORT.name(), httpPort);
        return cli;
    }

    private static void putIfGiven(Map<String, String> cli, String name, String value) {
        if (value != null) {
            cli.put(name, value);
        }
    }

    EnricherConfig load(Map<String, String> env) {
        return new ConfigLoader(SerdePropertyNames::forSerde).load(file, env, commandLineSettings());
    }
}
