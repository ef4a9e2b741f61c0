package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.MockStoresContext;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lookup processor with a {@code MockProcessorContext}: its punctuators, and what it forwards to which sink. */
class LookupProcessorTest {
    private final TopologySettings settings = TopologyHarness.defaults();
    private final FakeLeadLookup lookup = new FakeLeadLookup();
    private final FakeSharedGate gate = new FakeSharedGate();
    private final SharedRuntime runtime = new SharedRuntime(64, java.time.Duration.ofDays(3), new SimpleMeterRegistry());
    private final MockStoresContext mock = new MockStoresContext();
    private final LookupProcessor processor = new LookupProcessor(settings,
            new TopologyPorts(lookup, gate, "fp", new TestLeadSerializer(), TestLeadSerializer.DESERIALIZER, new SplittableRandom(5)), LeadIdCheck.standard(256), runtime);

    @AfterEach
    void tearDown() {
        processor.close();
        mock.close();
    }

    private void fromRepartition(String leadId, long offset) {
        mock.context.setRecordMetadata(settings.applicationId() + "-by-lead-id-repartition", 0, offset);
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeOrigin(headers, new Origin(settings.inputTopic(), 0, offset, 1L, null));
        processor.process(new Record<>(leadId, event(leadId), 1L, headers));
    }

    @Test
    void schedulesTheDrainTheRetryReleaseAndThePurge() {
        processor.init(mock.context);

        assertThat(mock.context.scheduledPunctuators())
                .allMatch(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .extracting(CapturedPunctuator::getInterval)
                .containsExactly(EnricherTopology.DRAIN_INTERVAL, EnricherTopology.TICK_INTERVAL, settings.retryPollInterval(),
                        LookupProcessor.PURGE_INTERVAL);
    }

    @Test
    void aMissLooksUpOnceAndTheDrainForwardsEveryWaitingEventToTheOutputSink() {
        processor.init(mock.context);
        fromRepartition(leadId(1), 1);
        fromRepartition(leadId(1), 2);
        assertThat(lookup.callsFor(leadId(1))).isEqualTo(1);
        assertThat(mock.context.forwarded()).isEmpty();

        lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1)));
        mock.punctuate(EnricherTopology.DRAIN_INTERVAL);

        assertThat(mock.context.forwarded()).hasSize(2)
                .allMatch(f -> f.childName().orElseThrow().equals(EnricherTopology.SINK_OUTPUT))
                .allMatch(f -> "false".equals(TopologyHarness.header(f.record().headers(), HeaderNames.CACHE_HIT)));

        mock.context.resetForwards();
        fromRepartition(leadId(1), 3);
        assertThat(mock.context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.childName()).contains(EnricherTopology.SINK_OUTPUT);
            assertThat(TopologyHarness.header(f.record().headers(), HeaderNames.CACHE_HIT)).isEqualTo("true");
        });
        assertThat(lookup.callsFor(leadId(1))).isEqualTo(1);
    }

    @Test
    void aRetryTopicRecordIsParkedAndReleasedByItsPunctuatorWhenDue() {
        processor.init(mock.context);
        long now = mock.context.currentSystemTimeMs();
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeOrigin(headers, new Origin(settings.inputTopic(), 0, 9, 1L, null));
        FailureRecords.writeRetry(headers, now + 1_000, new RetryState(1, now - 10, Outcome.TIMEOUT, 0, null, "slow", 0, 0));
        mock.context.setRecordMetadata(settings.retryTopic(), 0, 4);
        processor.process(new Record<>(leadId(2), event(leadId(2)), now, headers));
        assertThat(runtime.metrics.parked.get()).isEqualTo(1);

        mock.punctuate(settings.retryPollInterval());
        assertThat(lookup.calls()).as("not before its time").isZero();

        mock.context.setCurrentSystemTimeMs(now + 1_000);
        mock.punctuate(settings.retryPollInterval());
        assertThat(lookup.callsFor(leadId(2))).isEqualTo(1);
        assertThat(runtime.metrics.parked.get()).isZero();
        assertThat(runtime.metrics.pending.get()).isEqualTo(1);
    }

    /**
     * Issue 11, item 1: Kafka Streams reuses the processor object when it revives or resumes a task. The second
     * {@code init} starts from the stores alone: the first one's punctuators are cancelled, its lookups' answers are
     * ignored, no count doubles, and a completion is emitted again.
     */
    @Test
    void initAgainOnTheSameInstanceStartsFromTheStoresAlone() {
        processor.init(mock.context);
        fromRepartition(leadId(3), 1);
        assertThat(runtime.metrics.pending.get()).isEqualTo(1);
        processor.close();
        assertThat(mock.context.scheduledPunctuators()).allMatch(CapturedPunctuator::cancelled);
        assertThat(runtime.metrics.pending.get()).isZero();

        processor.init(mock.context);
        assertThat(runtime.metrics.pending.get()).as("counted once, from the store").isEqualTo(1);
        assertThat(lookup.callsFor(leadId(3))).as("re-issued by the second init").isEqualTo(2);
        assertThat(mock.context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).count()).isEqualTo(4);

        lookup.complete(leadId(3), TopologyHarness.foundFor(leadId(3)));
        mock.context.scheduledPunctuators().stream().filter(p -> !p.cancelled())
                .filter(p -> p.getInterval().equals(EnricherTopology.DRAIN_INTERVAL))
                .forEach(p -> p.getPunctuator().punctuate(mock.context.currentSystemTimeMs()));

        assertThat(mock.context.forwarded(EnricherTopology.SINK_OUTPUT)).as("one output, not one per incarnation").hasSize(1);
        assertThat(runtime.metrics.pending.get()).isZero();
        assertThat(runtime.inFlight.availablePermits()).as("both calls' slots are back").isEqualTo(64);
    }

    @Test
    void aClosedGateIsPublishedToTheGateSinkOnce() {
        processor.init(mock.context);
        gate.close(TopologyHarness.START.plus(Duration.ofHours(2)), Outcome.RATE_LIMITED);

        mock.punctuate(EnricherTopology.TICK_INTERVAL);
        mock.punctuate(EnricherTopology.TICK_INTERVAL);

        assertThat(mock.context.forwarded(EnricherTopology.SINK_GATE)).singleElement()
                .satisfies(f -> assertThat(f.record().key()).isEqualTo("fp"));
    }
}
