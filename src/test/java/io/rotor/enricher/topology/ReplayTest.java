package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Replaying the retry topic from an earlier offset (a recovery tool) emits at most one extra Lead per record, loses nothing. */
class ReplayTest {

    @Test
    void replayedRetryRecordsGiveAtMostOneExtraLeadEachAndLoseNothing() {
        try (TopologyHarness h = new TopologyHarness()) {
            int n = 8;
            Map<String, Integer> answered = new HashMap<>();
            h.lookup.answerWith(id -> answered.merge(id, 1, Integer::sum) == 1
                    ? LookupResult.failure(Outcome.UPSTREAM_ERROR, 502, null, "bad gateway")
                    : TopologyHarness.foundFor(id));
            for (int i = 0; i < n; i++) {
                h.pipe(null, event(leadId(i)));
            }
            h.advance(Duration.ofSeconds(10));
            List<TestRecord<String, byte[]>> retries = h.retry.readRecordsToList();
            assertThat(retries).hasSize(n);
            List<TestRecord<String, byte[]>> first = h.output.readRecordsToList();
            assertThat(first).hasSize(n);

            // Another tool replays the retry topic from its start.
            for (TestRecord<String, byte[]> r : retries) {
                h.retryIn.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), h.now()));
            }
            h.advance(Duration.ofMinutes(5));
            List<TestRecord<String, byte[]>> extra = h.output.readRecordsToList();
            assertThat(extra.size()).isLessThanOrEqualTo(n);
            Map<String, Integer> perOrigin = new HashMap<>();
            for (TestRecord<String, byte[]> r : first) {
                perOrigin.merge(TopologyHarness.header(r.headers(), HeaderNames.ORIGIN_OFFSET), 1, Integer::sum);
            }
            for (TestRecord<String, byte[]> r : extra) {
                perOrigin.merge(TopologyHarness.header(r.headers(), HeaderNames.ORIGIN_OFFSET), 1, Integer::sum);
            }
            assertThat(perOrigin).hasSize(n);
            assertThat(perOrigin.values()).allMatch(c -> c >= 1 && c <= 2);
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }
}
