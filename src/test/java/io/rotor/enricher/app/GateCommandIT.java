package io.rotor.enricher.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.demo.EmbeddedKafka;
import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.service.GateKeys;
import io.rotor.enricher.topology.GateRecord;
import io.rotor.enricher.topology.GateStateJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gate status} against a real gate topic: every key merged as the service merges it, this key marked. */
@Tag("slow")
class GateCommandIT {
    private static final String KEY = "rk_test_GATESTATUS";
    private static final String APP = "gate-status-it";

    @Test
    void printsEveryKeysMergedGateAndMarksTheConfiguredKey() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.started()) {
            String topic = TopologySettings.defaults().with(io.rotor.enricher.config.Settings.ENRICHER_APPLICATION_ID, APP).gateTopic();
            kafka.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
            String ours = GateKeys.fingerprint(Secret.of(KEY));
            String other = "sha256:00112233445566778899aabbccddeeff";
            Instant until = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                // Release 0.1.0's format (no version: epoch 0), then a later closing of this key by this release.
                producer.send(new ProducerRecord<>(topic, ours, ("{\"closedUntil\":" + until.minusSeconds(600).toEpochMilli()
                        + ",\"reason\":\"RATE_LIMITED\",\"detail\":\"HTTP 429 RATE_LIMIT_EXCEEDED\"}").getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, ours, GateStateJson.encode(new GateRecord(
                        new GateState(until, Outcome.RATE_LIMITED, "HTTP 429 RATE_LIMIT_EXCEEDED"), 1_700_000_000_000L, "host-a/41", 0))));
                // Another key's gate: closed once, then reopened by an operator (a higher epoch).
                producer.send(new ProducerRecord<>(topic, other, GateStateJson.encode(new GateRecord(
                        new GateState(until, Outcome.AUTH_FAILED, "HTTP 401"), 1_700_000_000_000L, "host-b/7", 0))));
                producer.send(new ProducerRecord<>(topic, other, GateStateJson.encode(new GateRecord(
                        GateState.OPEN, 1_700_000_100_000L, "operator", 1))));
                producer.send(new ProducerRecord<>(topic, other, "not json".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine(Map.of("ROTOR_API_KEY", KEY, "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "ENRICHER_APPLICATION_ID", APP), new PrintWriter(out), new PrintWriter(err)).execute("gate", "status");

            assertThat(code).as(err.toString()).isZero();
            String printed = out.toString();
            System.out.print(printed); // docs/OPERATIONS.md shows this output
            assertThat(printed).contains("Gate topic " + topic).doesNotContain(KEY);
            String oursLine = printed.lines().filter(l -> l.startsWith(ours)).findFirst().orElseThrow();
            assertThat(oursLine).contains("(this key)", "closed", "RATE_LIMITED", until.toString(), "host-a/41",
                    "HTTP 429 RATE_LIMIT_EXCEEDED");
            String otherLine = printed.lines().filter(l -> l.startsWith(other)).findFirst().orElseThrow();
            assertThat(otherLine).contains("open", "operator").doesNotContain("AUTH_FAILED").doesNotContain("(this key)");
            assertThat(otherLine.split("\\s+")).contains("1");
        }
    }
}
