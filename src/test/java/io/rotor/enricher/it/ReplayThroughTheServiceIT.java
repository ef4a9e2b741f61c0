package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.app.Main;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.testkit.ServiceHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 1, end to end in header mode: an event for a lead Rotor does not know yet is dead-lettered
 * NOT_FOUND; the lead is created; {@code replay --lead-id} writes the dead letter to the replay topic, and the
 * running service enriches it: one Lead with the first input's origin, {@code rotor.replay.count: 1} and the pass
 * header.
 */
@Tag("slow")
class ReplayThroughTheServiceIT {
    private static final String LATE_LEAD = "0f9d6a8e-1c2b-4d3e-8f00-000000000042";

    @Test
    void aNotFoundEventReplayedAfterItsLeadExistsIsEnrichedWithItsFirstOriginAndReplayCount(@TempDir Path temp) throws Exception {
        TopologySettings settings = ServiceHarness.fastSettings()
                .with(Settings.ENRICHER_LEAD_ID_SOURCE, TopologySettings.LeadIdSource.HEADER)
                .with(Settings.ENRICHER_LEAD_ID_HEADER, "x-lead")
                .with(Settings.ENRICHER_PASS_HEADERS, List.of("trace-id"))
                .with(Settings.ENRICHER_NOT_FOUND_RETRIES, 0);
        try (ServiceHarness h = ServiceHarness.start(SandboxOptions.builder().seed(5).catalogSize(20), settings)) {
            assertThat(h.sandbox().catalog().contains(LATE_LEAD)).isFalse();
            h.startService();
            ProducerRecord<byte[], byte[]> event = h.input(null, "{\"type\":\"lead.created\"}".getBytes(StandardCharsets.UTF_8));
            event.headers().add("x-lead", LATE_LEAD.getBytes(StandardCharsets.UTF_8));
            event.headers().add("trace-id", "t-7".getBytes(StandardCharsets.UTF_8));
            h.produce(List.of(event));

            Awaitility.await("the NOT_FOUND dead letter").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        h.poll();
                        return !h.dlq().isEmpty();
                    });
            ConsumerRecord<byte[], byte[]> dead = h.dlq().get(0);
            assertThat(text(dead, HeaderNames.DLQ_REASON)).isEqualTo(DlqReason.NOT_FOUND.name());
            assertThat(text(dead, HeaderNames.LEAD_ID)).isEqualTo(LATE_LEAD);
            assertThat(text(dead, "x-lead")).as("header mode keeps the id header").isEqualTo(LATE_LEAD);
            String originOffset = text(dead, HeaderNames.ORIGIN_OFFSET);

            h.sandbox().createLead(LATE_LEAD);
            Map<String, String> env = h.childEnv("mock://replay-e2e", temp);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine(env, new PrintWriter(out), new PrintWriter(err))
                    .execute("replay", "--lead-id", LATE_LEAD, "--reason", "NOT_FOUND");
            System.out.print(out);
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).containsPattern("replayed\\s+1\\b").doesNotContain(ServiceHarness.API_KEY);

            Awaitility.await("the replayed event's Lead").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        h.poll();
                        return !h.outputs().isEmpty();
                    });
            ConsumerRecord<byte[], byte[]> lead = h.outputs().get(0);
            assertThat(new String(lead.key(), StandardCharsets.UTF_8)).isEqualTo(LATE_LEAD);
            assertThat(text(lead, HeaderNames.REPLAY_COUNT)).isEqualTo("1");
            assertThat(text(lead, HeaderNames.ORIGIN_TOPIC)).isEqualTo(settings.inputTopic());
            assertThat(text(lead, HeaderNames.ORIGIN_OFFSET)).isEqualTo(originOffset);
            assertThat(text(lead, "trace-id")).isEqualTo("t-7");
            Thread.sleep(1_000);
            h.poll();
            assertThat(h.outputs()).hasSize(1);
            assertThat(h.dlq()).hasSize(1);
        }
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        var h = r.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
