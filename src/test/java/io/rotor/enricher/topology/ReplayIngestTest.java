package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static io.rotor.enricher.testkit.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Issue 15, item 1: ingest reads the replay topic beside the input, and trusts its lineage headers only there. */
class ReplayIngestTest {

    private static TopologySettings settings() {
        return TopologyHarness.defaults().with(Settings.ENRICHER_PASS_HEADERS, List.of("trace-id"))
                .with(Settings.ENRICHER_NOT_FOUND_RETRIES, 0);
    }

    private static RecordHeaders replayHeaders(int count) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", utf8("t-1"));
        headers.add(HeaderNames.ORIGIN_TOPIC, utf8("lead-events"));
        headers.add(HeaderNames.ORIGIN_PARTITION, utf8("2"));
        headers.add(HeaderNames.ORIGIN_OFFSET, utf8("41"));
        headers.add(HeaderNames.ORIGIN_TIMESTAMP, utf8("1700000000000"));
        headers.add(HeaderNames.REPLAY_COUNT, utf8(Integer.toString(count)));
        headers.add(HeaderNames.CACHE_HIT, utf8("true")); // not the replay's to say: dropped
        return headers;
    }

    private static TestInputTopic<byte[], byte[]> replayTopic(TopologyHarness h) {
        return h.driver.createInputTopic(h.settings.replayTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void aReplayedEventsOutputKeepsTheFirstInputsOriginAndCarriesTheReplayCount() {
        try (TopologyHarness h = new TopologyHarness(settings())) {
            String id = leadId(3);
            h.lookup.answerWith(TopologyHarness::foundFor);
            replayTopic(h).pipeInput(new TestRecord<>(utf8(id), event(id), replayHeaders(2), h.now()));
            h.tick();

            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(header(out.headers(), HeaderNames.ORIGIN_TOPIC)).isEqualTo("lead-events");
            assertThat(header(out.headers(), HeaderNames.ORIGIN_PARTITION)).isEqualTo("2");
            assertThat(header(out.headers(), HeaderNames.ORIGIN_OFFSET)).isEqualTo("41");
            assertThat(header(out.headers(), HeaderNames.REPLAY_COUNT)).isEqualTo("2");
            assertThat(header(out.headers(), "trace-id")).isEqualTo("t-1");
            assertThat(header(out.headers(), HeaderNames.CACHE_HIT)).isEqualTo("false");
            assertThat(out.headers().headers(HeaderNames.REPLAY_COUNT)).hasSize(1);
        }
    }

    @Test
    void onTheInputTopicAForgedReplayCountAndOriginAreDropped() {
        try (TopologyHarness h = new TopologyHarness(settings())) {
            String id = leadId(4);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8(id), event(id), replayHeaders(1));
            h.tick();

            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(header(out.headers(), HeaderNames.REPLAY_COUNT)).isNull();
            assertThat(header(out.headers(), HeaderNames.ORIGIN_TOPIC)).isEqualTo(h.settings.inputTopic());
            assertThat(header(out.headers(), HeaderNames.ORIGIN_OFFSET)).isEqualTo("0");
        }
    }

    @Test
    void aReplayedEventThatFailsAgainIsDeadLetteredWithItsReplayCountLeadIdAndFirstOrigin() {
        try (TopologyHarness h = new TopologyHarness(settings())) {
            String id = leadId(5);
            h.lookup.answerWith(ignored -> LookupResult.failure(Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found"));
            replayTopic(h).pipeInput(new TestRecord<>(utf8(id), event(id), replayHeaders(1), h.now()));
            replayTopic(h).pipeInput(new TestRecord<>(utf8("x"), utf8("not json"), replayHeaders(3), h.now()));
            h.tick();

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(2);
            TestRecord<byte[], byte[]> invalid = dead.stream()
                    .filter(r -> DlqReason.INVALID_EVENT.name().equals(header(r.headers(), HeaderNames.DLQ_REASON))).findFirst().orElseThrow();
            assertThat(header(invalid.headers(), HeaderNames.REPLAY_COUNT)).isEqualTo("3");
            assertThat(header(invalid.headers(), HeaderNames.LEAD_ID)).as("no id was extracted").isNull();
            TestRecord<byte[], byte[]> notFound = dead.stream()
                    .filter(r -> DlqReason.NOT_FOUND.name().equals(header(r.headers(), HeaderNames.DLQ_REASON))).findFirst().orElseThrow();
            assertThat(header(notFound.headers(), HeaderNames.REPLAY_COUNT)).isEqualTo("1");
            assertThat(header(notFound.headers(), HeaderNames.LEAD_ID)).isEqualTo(id);
            assertThat(header(notFound.headers(), HeaderNames.ORIGIN_OFFSET)).isEqualTo("41");
            assertThat(notFound.value()).isEqualTo(event(id));
        }
    }

    @Test
    void inHeaderModeADeadLetterKeepsTheIdHeaderSoAReplayFindsTheId() {
        TopologySettings settings = settings().with(Settings.ENRICHER_LEAD_ID_SOURCE, TopologySettings.LeadIdSource.HEADER)
                .with(Settings.ENRICHER_LEAD_ID_HEADER, "x-lead");
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(6);
            h.lookup.answerWith(ignored -> LookupResult.failure(Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found"));
            RecordHeaders headers = new RecordHeaders();
            headers.add("x-lead", id.getBytes(StandardCharsets.UTF_8));
            h.pipe(null, utf8("{\"type\":\"lead.viewed\"}"), headers);
            h.tick();

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(header(dead.headers(), "x-lead")).isEqualTo(id);
            assertThat(header(dead.headers(), HeaderNames.LEAD_ID)).isEqualTo(id);

            // Replayed, the dead letter's headers give ingest the id again, and the replay passes the negative cache
            // entry the NOT_FOUND left (the lead may exist now: why NOT_FOUND dead letters are replayed).
            h.lookup.answerWith(TopologyHarness::foundFor);
            RecordHeaders replay = new RecordHeaders();
            replay.add("x-lead", id.getBytes(StandardCharsets.UTF_8));
            replay.add(HeaderNames.REPLAY_COUNT, utf8("1"));
            replayTopic(h).pipeInput(new TestRecord<>((byte[]) null, dead.value(), replay, h.now()));
            h.tick();
            assertThat(h.output.readRecord().key()).isEqualTo(id);
            assertThat(h.lookup.callsFor(id)).isEqualTo(2);
        }
    }
}
