package io.rotor.enricher.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs the broker version the client is built for, and mounts ops files that exist. */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("docker-compose.yml");

    @Test
    void theKafkaImageIsTheClientsVersion() throws IOException {
        Matcher m = Pattern.compile("image: apache/kafka:(\\S+)").matcher(Files.readString(COMPOSE));
        int images = 0;
        while (m.find()) {
            assertThat(m.group(1)).isEqualTo(kafkaClientVersion());
            images++;
        }
        assertThat(images).isGreaterThanOrEqualTo(1);
    }

    /** The version kafka-clients was built as, from the properties file it carries. */
    private static String kafkaClientVersion() throws IOException {
        java.util.Properties props = new java.util.Properties();
        try (var in = org.apache.kafka.clients.producer.KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            props.load(in);
        }
        return props.getProperty("version");
    }

    @Test
    void everyMountedOpsFileExists() throws IOException {
        Matcher m = Pattern.compile("- \\./(ops/[^:]+):").matcher(Files.readString(COMPOSE));
        List<String> mounted = m.results().map(r -> r.group(1)).toList();
        assertThat(mounted).contains("ops/prometheus/prometheus.yml", "ops/prometheus/enricher-rules.yml", "ops/grafana/provisioning");
        for (String path : mounted) {
            assertThat(Path.of(path)).exists();
        }
    }
}
