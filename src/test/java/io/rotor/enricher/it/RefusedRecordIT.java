package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.ServiceHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The last resort on a real broker under exactly-once: the output topic's max.message.bytes is lowered under the
 * running service, so the broker refuses outputs that passed every check at start-up. Each refusal aborts its
 * transaction; the quarantined events go to the DLQ as STREAMS_ERROR when processed again, the service stays
 * RUNNING, and nothing is lost or written twice.
 */
@Tag("slow")
class RefusedRecordIT {

    @Test
    void outputsRefusedByTheBrokerEndInTheDlqAndTheServiceKeepsRunning() throws Exception {
        // EOS v2 puts every task of a thread in one transaction: each refused record aborts the others' writes too,
        // so the four refused events take four rounds of abort, thread replacement and rebalance before one commits.
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(11).catalogSize(12).noQuota()
                .latency(Duration.ofMillis(5), Duration.ofMillis(5));
        try (LogCapture logs = new LogCapture();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            // A replaced stream thread's consumer does not leave the group: the rebalance waits for its session.
            h.startService(Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000"));
            List<String> ids = h.sandbox().catalog().ids();
            h.produce(events(h, ids.subList(0, 4)));
            ConservationReport before = h.drain(Duration.ofSeconds(60));
            assertThat(before.held()).as(before.describe()).isTrue();
            assertThat(before.outputs()).isEqualTo(4);

            setOutputMaxMessageBytes(h, "100");
            h.produce(events(h, ids.subList(4, 8)));
            ConservationReport refused = h.drain(Duration.ofSeconds(120));
            assertThat(refused.held()).as(refused.describe()).isTrue();
            assertThat(refused.dlqBytesIntact()).as(refused.describe()).isTrue();
            assertThat(refused.outputs()).isEqualTo(4);
            assertThat(refused.dlq(DlqReason.STREAMS_ERROR.name())).isEqualTo(4);
            for (ConsumerRecord<byte[], byte[]> r : h.dlq()) {
                assertThat(new String(r.headers().lastHeader(HeaderNames.STREAMS_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                        .startsWith("the producer refused this event's record (org.apache.kafka.common.errors.RecordTooLargeException");
            }
            h.awaitState(KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
            assertThat(h.service().fatalReason()).isNull();
            assertThat(logs.lines()).anyMatch(l -> l.contains("replacing it (not counted)"))
                    .noneMatch(l -> l.contains("Shutting down"));

            // The limit back: the same service serves again.
            setOutputMaxMessageBytes(h, "1048588");
            h.produce(events(h, ids.subList(8, 12)));
            ConservationReport after = h.drain(Duration.ofSeconds(60));
            assertThat(after.held()).as(after.describe()).isTrue();
            assertThat(after.outputs()).isEqualTo(8);
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> events(ServiceHarness h, List<String> ids) {
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (String id : ids) {
            events.add(h.input(Fixtures.utf8(id), Fixtures.event(id)));
        }
        return events;
    }

    private static void setOutputMaxMessageBytes(ServiceHarness h, String bytes) throws Exception {
        try (Admin admin = Admin.create(h.kafka().adminConfig())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, h.settings().outputTopic());
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}
