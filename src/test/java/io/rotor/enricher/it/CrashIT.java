package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.testkit.ChildService;
import io.rotor.enricher.testkit.FakeSchemaRegistryServer;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code java -jar ... run}) is killed with SIGKILL while lookups are in flight and retries
 * are parked, then restarted on the same state directory: every event still ends exactly once.
 */
@Tag("slow")
class CrashIT {

    @Test
    void sigkillWithLookupsInFlightAndRetriesParkedLosesAndDuplicatesNothing(@TempDir Path temp) throws Exception {
        // Slow lookups keep many in flight; a small quota with a period of seconds parks events on the retry topic.
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(9).catalogSize(300)
                .latency(Duration.ofMillis(200), Duration.ofMillis(200))
                .quota(60).quotaPeriod(Duration.ofSeconds(6)).sendRetryAfter(true);
        try (FakeSchemaRegistryServer registry = FakeSchemaRegistryServer.start();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            List<String> ids = h.sandbox().catalog().ids();
            for (int i = 0; i < 400; i++) {
                String id = ids.get(i % ids.size());
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i)));
            }
            h.produce(events);

            Path stateDir = Files.createDirectories(temp.resolve("state"));
            Path log = temp.resolve("service.log");
            Map<String, String> env = h.childEnv(registry.url(), stateDir);
            try (ChildService first = ChildService.start(env, log)) {
                // Kill once results are flowing, the quota is spent (retries parked) and lookups are on the wire.
                Awaitility.await("results, parked retries and a 429").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            assertThat(first.isAlive()).as("the service exited early:%n%s", tail(first.output())).isTrue();
                            return h.settled() > 20 && !h.retries().isEmpty() && h.sandbox().stats().rateLimited() > 0;
                        });
                first.kill();
            }
            long settledAtKill = h.settled();
            assertThat(settledAtKill).isLessThan(events.size());

            // The restart logs JSON lines (ENRICHER_LOG_FORMAT=json): the key redaction holds in that format too.
            env.put(Settings.ENRICHER_LOG_FORMAT.name(), "json");
            try (ChildService second = ChildService.start(env, temp.resolve("service-json.log"))) {
                ConservationReport report = h.drain(Duration.ofSeconds(120));
                assertThat(report.held()).as(report.describe() + "%n" + tail(second.output())).isTrue();
                assertThat(report.duplicated()).isZero();
                assertThat(second.isAlive()).isTrue();
                second.stop(Duration.ofSeconds(30));
                assertThat(second.output()).doesNotContain(ServiceHarness.API_KEY);
                assertJsonLog(second.output());
            }
        }
    }

    /** Every log line one JSON object with the README's fields; the re-issue after the crash names its task in the MDC. */
    private static void assertJsonLog(String output) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            assertThat(line).as("a text log line in JSON mode").doesNotContainPattern("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ ");
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("timestamp") && l.has("level") && l.has("threadName")
                && l.has("loggerName") && l.has("formattedMessage")).as(l.toString()).isTrue());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("formattedMessage").asText()).contains("re-issued lookups");
            assertThat(l.path("mdc").path("task").asText()).matches("\\d+_\\d+");
        });
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
