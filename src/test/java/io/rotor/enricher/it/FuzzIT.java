package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import io.rotor.enricher.topology.LeadIdCheck;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 hostile input records against the real service: whatever a producer writes ends exactly once in the
 * output or the DLQ, the DLQ keeps the bytes as they were, no request leaves {@code /leads/<one segment>}, and the
 * service keeps running.
 */
@Tag("slow")
class FuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 10_000;
    /** Small, so oversized events stay cheap to produce; the topics are sized from it. */
    private static final int MAX_EVENT_BYTES = 16 * 1024;
    private static final Pattern ONE_SEGMENT = Pattern.compile("^" + Pattern.quote(SandboxRotorServer.BASE_PATH) + "/leads/[^/?#]+$");

    /** The topology's own id rule decides which string ids are invalid. */
    private static final LeadIdCheck ID_RULE = LeadIdCheck.standard(TopologySettings.defaults().leadIdMaxLength());

    /** What a fuzzed record must become. */
    enum Expect { LEAD, INVALID_EVENT, EVENT_TOO_LARGE, NOT_FOUND }

    private record Fuzzed(byte[] key, byte[] value, Expect expect) {
    }

    @Test
    void hostileInputEndsExactlyOnceAndNeverLeavesTheLeadsPath() throws Exception {
        TopologySettings settings = ServiceHarness.fastSettings().with(Settings.ENRICHER_MAX_EVENT_BYTES, MAX_EVENT_BYTES);
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(11).catalogSize(50).noQuota();
        try (ServiceHarness h = ServiceHarness.start(sandbox, settings)) {
            h.startService();
            List<String> known = h.sandbox().catalog().ids();
            SplittableRandom random = new SplittableRandom(2024);
            List<Fuzzed> fuzzed = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                fuzzed.add(fuzz(i, random, known));
            }
            List<ProducerRecord<byte[], byte[]>> records = fuzzed.stream().map(f -> h.input(f.key(), f.value())).toList();
            List<InputRef> origins = h.produce(records);

            ConservationReport report = h.drain(Duration.ofSeconds(150));
            assertThat(report.held()).as(report.describe()).isTrue();
            assertThat(report.dlqBytesIntact()).as(report.describe()).isTrue();

            Map<InputRef, String> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : h.dlq()) {
                reasons.put(new InputRef(FaultsIT.text(r, HeaderNames.STREAMS_ERROR_TOPIC),
                        Integer.parseInt(FaultsIT.text(r, HeaderNames.STREAMS_ERROR_PARTITION)),
                        Long.parseLong(FaultsIT.text(r, HeaderNames.STREAMS_ERROR_OFFSET))), FaultsIT.text(r, HeaderNames.DLQ_REASON));
            }
            for (int i = 0; i < RECORDS; i++) {
                String reason = reasons.get(origins.get(i));
                Expect expect = fuzzed.get(i).expect();
                String shown = new String(fuzzed.get(i).value(), 0, Math.min(80, fuzzed.get(i).value().length), StandardCharsets.UTF_8);
                switch (expect) {
                    case LEAD -> assertThat(reason).as("record %d (%s)", i, shown).isNull();
                    case INVALID_EVENT -> assertThat(reason).as("record %d (%s)", i, shown).isEqualTo(DlqReason.INVALID_EVENT.name());
                    case EVENT_TOO_LARGE -> assertThat(reason).as("record %d (%s)", i, shown).isEqualTo(DlqReason.EVENT_TOO_LARGE.name());
                    case NOT_FOUND -> assertThat(reason).as("record %d (%s)", i, shown).isEqualTo(DlqReason.NOT_FOUND.name());
                }
            }

            SandboxStats stats = h.sandbox().stats();
            assertThat(stats.unrecordedPaths()).isZero();
            assertThat(stats.endpoint(SandboxStats.OTHER)).isZero();
            // The service's one start-up preflight; no fuzzed id ever reached another endpoint.
            assertThat(stats.endpoint(SandboxStats.AUTH_TEST)).isEqualTo(1);
            List<String> paths = stats.receivedPaths();
            assertThat(paths.get(0)).as("the preflight comes before any lookup").endsWith("/auth/test");
            for (String path : paths.subList(1, paths.size())) {
                assertThat(path).matches(ONE_SEGMENT);
                String segment = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                assertThat(segment).isNotIn(".", "..");
            }
            assertThat(h.service().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static Fuzzed fuzz(int i, SplittableRandom random, List<String> known) {
        int kind = random.nextInt(100);
        if (kind < 25) {
            // Random bytes; the first byte can start no JSON document.
            byte[] bytes = new byte[random.nextInt(1, 300)];
            random.nextBytes(bytes);
            bytes[0] = 0x01;
            return new Fuzzed(random.nextBoolean() ? null : bytes.clone(), bytes, Expect.INVALID_EVENT);
        }
        if (kind < 27) {
            // Larger than ENRICHER_MAX_EVENT_BYTES, though otherwise a valid event for a known lead.
            ObjectNode node = Fixtures.eventJson(known.get(random.nextInt(known.size())), "lead.viewed", i);
            node.put("padding", "x".repeat(MAX_EVENT_BYTES + random.nextInt(1, 4096)));
            return new Fuzzed(null, Fixtures.bytes(node), Expect.EVENT_TOO_LARGE);
        }
        if (kind < 37) {
            return new Fuzzed(null, Fixtures.bytes(Fixtures.eventJson(null, "lead.viewed", i)), Expect.INVALID_EVENT);
        }
        if (kind < 47) {
            ObjectNode node = JSON.createObjectNode();
            switch (random.nextInt(5)) {
                case 0 -> node.put("lead_id", random.nextLong());
                case 1 -> node.putObject("lead_id").put("id", "x");
                case 2 -> node.putArray("lead_id").add(known.get(0));
                case 3 -> node.put("lead_id", random.nextBoolean());
                default -> node.putNull("lead_id");
            }
            return new Fuzzed(null, Fixtures.bytes(node), Expect.INVALID_EVENT);
        }
        if (kind < 70) {
            // Strings where the id belongs: hostile ones the topology's id rule rejects (INVALID_EVENT), and odd but
            // acceptable ones that are no Rotor id (one path segment, NOT_FOUND).
            String id = switch (random.nextInt(20)) {
                case 0 -> "..";
                case 1 -> ".";
                case 2 -> "";
                case 3 -> "   ";
                case 4 -> "lead\u0000" + i;
                case 5 -> "x".repeat(300);
                case 6 -> "../auth/test";
                case 7 -> "../../leads";
                case 8 -> "a/b";
                case 9 -> "?page=1";
                case 10 -> "#frag";
                case 11 -> "%2e%2e";
                case 12 -> "ünïcødé-" + random.nextInt(50);
                case 13 -> "日本語-" + random.nextInt(50);
                case 14 -> "\uD83D\uDE80-" + random.nextInt(50);
                case 15 -> "...";
                case 16 -> "~" + random.nextInt(50);
                case 17 -> ".hidden-" + random.nextInt(50);
                default -> "no-such-lead_" + random.nextInt(100);
            };
            Expect expect = ID_RULE.problem(id) == null ? Expect.NOT_FOUND : Expect.INVALID_EVENT;
            return new Fuzzed(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i), expect);
        }
        String id = known.get(random.nextInt(known.size()));
        return new Fuzzed(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i), Expect.LEAD);
    }
}
