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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class GateTopicTest {

    private static GateRecord closing(Instant until, long epoch) {
        return new GateRecord(new GateState(until, Outcome.RATE_LIMITED, "seen elsewhere"), until.toEpochMilli() - 1000,
                "other-host/42", epoch);
    }

    private static GateRecord held(TopologyHarness h) {
        KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(EnricherTopology.STORE_GATE);
        return GateStateJson.decodeRecord(store.get(TopologyHarness.GATE_KEY));
    }

    @Test
    void closingsOfOneEpochMergeByTheLatestWhateverTheirOrderAndAHigherEpochBeatsThemAll() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant later = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(5));
            Instant earlier = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(1));
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(closing(later, 0)), h.now());
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(closing(earlier, 0)), h.now());
            assertThat(held(h).state().closedUntil()).as("not last-writer-wins").isEqualTo(later);
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8), h.now());
            assertThat(held(h).state().closedUntil()).isEqualTo(later);

            // An operator's reopening (a higher epoch) beats the later closing; older epochs no longer count.
            Instant reopened = Instant.ofEpochMilli(h.now());
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(new GateRecord(
                    new GateState(reopened, null, "reopened by an operator"), h.now(), "operator", 1)), h.now());
            assertThat(held(h).epoch()).isEqualTo(1);
            assertThat(held(h).state().closedUntil()).isEqualTo(reopened);
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(closing(later.plusSeconds(60), 0)), h.now());
            assertThat(held(h).state().closedUntil()).isEqualTo(reopened);
        }
    }

    @Test
    void thePreviousReleasesRecordIsReadAsEpochZero() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant until = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(1));
            String old = "{\"closedUntil\":" + until.toEpochMilli() + ",\"reason\":\"RATE_LIMITED\",\"detail\":\"x\"}";
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, old.getBytes(java.nio.charset.StandardCharsets.UTF_8), h.now());
            h.tick();
            assertThat(h.gate.current().closedUntil()).isEqualTo(until);
            assertThat(held(h)).isEqualTo(new GateRecord(new GateState(until, Outcome.RATE_LIMITED, "x"), -1, null, 0));
        }
    }

    @Test
    void aClosingIsPublishedAgainUntilTheTopicHoldsIt() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant resumeAt = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(3));
            h.pipe(null, event(leadId(7)));
            h.gate.close(resumeAt, Outcome.RATE_LIMITED);
            h.advance(Duration.ofSeconds(1));
            List<TestRecord<String, byte[]>> first = h.gateOut.readRecordsToList();
            assertThat(first).hasSize(1);
            GateRecord record = GateStateJson.decodeRecord(first.get(0).value());
            assertThat(record.closedBy()).isEqualTo(GateRecord.thisInstance());
            assertThat(record.epoch()).isZero();
            assertThat(record.closedAtMs()).isBetween(TopologyHarness.START.toEpochMilli(), h.now());

            // The test driver feeds the record back into the global store, as the topic would once committed.
            assertThat(held(h)).isEqualTo(record);
            h.advance(GateSync.REPUBLISH_AFTER.multipliedBy(3));
            assertThat(h.gateOut.readRecordsToList()).as("the topic holds it").isEmpty();

            // Its transaction aborted, say: the global store never got it, so it goes out again after the interval,
            // and not before.
            KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(EnricherTopology.STORE_GATE);
            store.delete(TopologyHarness.GATE_KEY);
            h.advance(GateSync.REPUBLISH_AFTER.dividedBy(2));
            assertThat(h.gateOut.readRecordsToList()).hasSize(1);
            store.delete(TopologyHarness.GATE_KEY);
            h.advance(GateSync.REPUBLISH_AFTER.dividedBy(2));
            assertThat(h.gateOut.readRecordsToList()).as("published less than REPUBLISH_AFTER ago").isEmpty();
            h.advance(GateSync.REPUBLISH_AFTER);
            assertThat(h.gateOut.readRecordsToList()).hasSize(1);
        }
    }

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
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, GateStateJson.encode(closing(until, 0)), h.now());
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
            h.gateIn.pipeInput("other-fingerprint", GateStateJson.encode(closing(until, 0)), h.now());
            h.tick();
            assertThat(h.gate.current()).isEqualTo(GateState.OPEN);
            h.gateIn.pipeInput(TopologyHarness.GATE_KEY, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), h.now());
            h.tick();
            assertThat(h.gate.current()).isEqualTo(GateState.OPEN);
        }
    }
}
