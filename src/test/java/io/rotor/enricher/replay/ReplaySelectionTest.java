package io.rotor.enricher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.replay.ReplaySelection.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplaySelectionTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static RecordHeaders dead(String reason, Instant at, String lead, String originTopic) {
        RecordHeaders h = new RecordHeaders();
        h.add(HeaderNames.DLQ_REASON, bytes(reason));
        h.add(HeaderNames.DLQ_AT, bytes(Long.toString(at.toEpochMilli())));
        if (lead != null) {
            h.add(HeaderNames.LEAD_ID, bytes(lead));
        }
        h.add(HeaderNames.ORIGIN_TOPIC, bytes(originTopic));
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ReplaySelection all() {
        return new ReplaySelection(Set.of(), null, null, null, null, "replay", 3);
    }

    @Test
    void everyFilterSelectsAndTheRulesSkip() {
        byte[] v = bytes("{}");
        Headers notFound = dead("NOT_FOUND", AT, "lead-1", "lead-events");
        assertThat(all().examine(notFound, v)).isEqualTo(Verdict.REPLAY);
        assertThat(new ReplaySelection(Set.of("RETRIES_EXHAUSTED"), null, null, null, null, "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.NOT_SELECTED);
        assertThat(new ReplaySelection(Set.of("RETRIES_EXHAUSTED", "NOT_FOUND"), null, null, null, null, "replay", 3)
                .examine(notFound, v)).isEqualTo(Verdict.REPLAY);
        assertThat(new ReplaySelection(Set.of(), AT, null, null, null, "replay", 3).examine(notFound, v)).as("since is inclusive")
                .isEqualTo(Verdict.REPLAY);
        assertThat(new ReplaySelection(Set.of(), AT.plusMillis(1), null, null, null, "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.NOT_SELECTED);
        assertThat(new ReplaySelection(Set.of(), null, AT, null, null, "replay", 3).examine(notFound, v)).as("until is exclusive")
                .isEqualTo(Verdict.NOT_SELECTED);
        assertThat(new ReplaySelection(Set.of(), null, AT.plusMillis(1), null, null, "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.REPLAY);
        assertThat(new ReplaySelection(Set.of(), null, null, "lead-2", null, "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.NOT_SELECTED);
        assertThat(new ReplaySelection(Set.of(), null, null, "lead-1", null, "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.REPLAY);
        assertThat(new ReplaySelection(Set.of(), null, null, null, "other", "replay", 3).examine(notFound, v))
                .isEqualTo(Verdict.NOT_SELECTED);

        RecordHeaders omitted = dead("EVENT_TOO_LARGE", AT, null, "lead-events");
        omitted.add(HeaderNames.DLQ_VALUE_OMITTED, bytes("true"));
        assertThat(all().examine(omitted, null)).isEqualTo(Verdict.SKIP_VALUE_OMITTED);

        RecordHeaders thrice = dead("NOT_FOUND", AT, "lead-1", "lead-events");
        thrice.add(HeaderNames.REPLAY_COUNT, bytes("3"));
        assertThat(all().examine(thrice, v)).isEqualTo(Verdict.SKIP_MAX_REPLAYS);
        RecordHeaders twice = dead("NOT_FOUND", AT, "lead-1", "lead-events");
        twice.add(HeaderNames.REPLAY_COUNT, bytes("2"));
        assertThat(all().examine(twice, v)).isEqualTo(Verdict.REPLAY);
    }

    @Test
    void theGroupIsStablePerSelectionAndDiffersBetweenSelections() {
        ReplaySelection a = new ReplaySelection(Set.of("NOT_FOUND", "REJECTED"), AT, null, null, null, "replay", 3);
        ReplaySelection sameInAnotherOrder = new ReplaySelection(Set.of("REJECTED", "NOT_FOUND"), AT, null, null, null, "replay", 5);
        assertThat(a.group("app")).matches("app-replay-[0-9a-f]{8}").isEqualTo(sameInAnotherOrder.group("app"));
        assertThat(new ReplaySelection(Set.of("NOT_FOUND"), AT, null, null, null, "replay", 3).group("app")).isNotEqualTo(a.group("app"));
        assertThat(new ReplaySelection(Set.of("NOT_FOUND", "REJECTED"), AT, null, null, null, "lead-events", 3).group("app"))
                .as("another target").isNotEqualTo(a.group("app"));
    }

    @Test
    void theReplayedRecordKeepsTheOriginalsHeadersAndOriginAndCountsOneMoreReplay() {
        RecordHeaders h = dead("NOT_FOUND", AT, "lead-1", "lead-events");
        h.add("trace-id", bytes("t-9"));
        h.add(HeaderNames.ORIGIN_OFFSET, bytes("77"));
        h.add(HeaderNames.ERROR_OUTCOME, bytes("NOT_FOUND"));
        h.add(HeaderNames.STREAMS_ERROR_MESSAGE, bytes("x"));
        h.add(HeaderNames.REPLAY_COUNT, bytes("1"));
        ConsumerRecord<byte[], byte[]> dead = new ConsumerRecord<>("dlq", 0, 5, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, bytes("k"), bytes("v"), h, java.util.Optional.empty());
        ProducerRecord<byte[], byte[]> replay = ReplayRecords.of("lead-events-replay", dead);
        assertThat(replay.topic()).isEqualTo("lead-events-replay");
        assertThat(replay.key()).isEqualTo(bytes("k"));
        assertThat(replay.value()).isEqualTo(bytes("v"));
        assertThat(new String(replay.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8)).isEqualTo("t-9");
        assertThat(new String(replay.headers().lastHeader(HeaderNames.ORIGIN_OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("77");
        assertThat(new String(replay.headers().lastHeader(HeaderNames.REPLAY_COUNT).value(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(replay.headers().headers(HeaderNames.REPLAY_COUNT)).hasSize(1);
        assertThat(replay.headers().lastHeader(HeaderNames.DLQ_REASON)).isNull();
        assertThat(replay.headers().lastHeader(HeaderNames.ERROR_OUTCOME)).isNull();
        assertThat(replay.headers().lastHeader(HeaderNames.STREAMS_ERROR_MESSAGE)).isNull();
    }

    @Test
    void theTallyCountsWhatWouldBeReplayedByReasonTopicAndLead() {
        ReplayTally tally = new ReplayTally();
        tally.count(Verdict.REPLAY, dead("NOT_FOUND", AT, "lead-1", "lead-events"));
        tally.count(Verdict.REPLAY, dead("NOT_FOUND", AT.plusSeconds(60), "lead-1", "lead-events"));
        tally.count(Verdict.REPLAY, dead("RETRIES_EXHAUSTED", AT.minusSeconds(60), "lead-2", "other-events"));
        tally.count(Verdict.NOT_SELECTED, dead("REJECTED", AT, "lead-3", "lead-events"));
        tally.count(Verdict.SKIP_MAX_REPLAYS, dead("NOT_FOUND", AT, "lead-4", "lead-events"));
        assertThat(tally.examined()).isEqualTo(5);
        assertThat(tally.replayed()).isEqualTo(3);
        assertThat(tally.distinctLeads()).isEqualTo(2);
        assertThat(tally.notSelected()).isEqualTo(1);
        String summary = String.join("\n", tally.summary(true));
        assertThat(summary).contains("to replay", "NOT_FOUND", "RETRIES_EXHAUSTED", "other-events", "lead-1, lead-2",
                AT.minusSeconds(60).toString(), AT.plusSeconds(60).toString()).doesNotContain("lead-3");
    }
}
