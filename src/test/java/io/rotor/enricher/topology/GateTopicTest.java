package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.rotor.GateState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class GateTopicTest {

    @Test
    void aRateLimitSeenByTheGateIsPublishedToTheGateTopicOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant resumeAt = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(3));
            String id = leadId(1);
            h.pipe(null, event(id));
            h.gate.close(resumeAt, Outcome.RATE_LIMITED);
            h.lookup.complete(id, LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "Daily quota exceeded", resumeAt));
            h.advance(Duration.ofSeconds(1));

            List<TestRecord<String, byte[]>> published = h.gateOut.readRecordsToList();
            assertThat(published).hasSize(1);
            assertThat(published.get(0).key()).isEqualTo(TopologyHarness.GATE_KEY);
            GateState state = GateStateJson.decode(published.get(0).value());
            assertThat(state.closedUntil()).isEqualTo(resumeAt);
            assertThat(state.reason()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(new String(published.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("api").as("the gate topic carries the fingerprint key only");
        }
    }

    @Test
    void aStatePipedIntoTheGateTopicClosesTheGateAndCostsZeroCalls() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant until = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(1));
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(new GateState(until, Outcome.RATE_LIMITED, "seen elsewhere")), h.now());
            h.tick();
            assertThat(h.gate.current().closedUntil()).isEqualTo(until);

            h.pipe(null, event(leadId(2)));
            h.tick();
            assertThat(h.lookup.calls()).isZero();
            assertThat(h.retry.readRecordsToList()).hasSize(1);
            assertThat(h.gateOut.readRecordsToList()).as("nothing newer to publish").isEmpty();
        }
    }

    @Test
    void anotherKeysStateAndGarbageAreIgnored() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant until = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(1));
            h.gateIn.pipeInput("other-fingerprint", GateStateJson.encode(new GateState(until, Outcome.RATE_LIMITED, null)), h.now());
            h.tick();
            assertThat(h.gate.current()).isEqualTo(GateState.OPEN);
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), h.now());
            h.tick();
            assertThat(h.gate.current()).isEqualTo(GateState.OPEN);
        }
    }
}
