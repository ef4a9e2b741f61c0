package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.MockStoresContext;
import io.rotor.enricher.testkit.TestLeadSerializer;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** init() re-issues what a crash left in the pending store (the driver cannot pre-fill a store before init). */
class InitReissueTest {
    private final TopologySettings settings = TopologyHarness.defaults();
    private final FakeLeadLookup lookup = new FakeLeadLookup();
    private final TopologyPorts ports = new TopologyPorts(lookup, new FakeSharedGate(), "fp", new TestLeadSerializer(), TestLeadSerializer.DESERIALIZER, new SplittableRandom(3));
    private final SharedRuntime runtime = new SharedRuntime(64, java.time.Duration.ofDays(3), new SimpleMeterRegistry());
    private final MockStoresContext mock = new MockStoresContext();
    private final MockProcessorContext<Object, Object> context = mock.context;
    private final KeyValueStore<Bytes, byte[]> pending = mock.pending;
    private LookupProcessor processor;

    @AfterEach
    void tearDown() {
        if (processor != null) {
            processor.close();
        }
        mock.close();
    }

    private void prefill(String leadId, long offset) {
        PendingEvent event = new PendingEvent(leadId, event(leadId), new Origin("lead-events", 0, offset, 1L, utf8("k" + offset)),
                List.of(new RecordHeader("traceparent", utf8("tp-" + offset))), RetryState.NONE);
        pending.put(StoreKeys.pending(leadId, StoreKeys.seq(StoreKeys.FROM_REPARTITION, offset)), event.encode());
    }

    @Test
    void initReissuesOneLookupPerPendingLeadAndCompletionsEmptyTheStore() {
        prefill(leadId(1), 10);
        prefill(leadId(1), 11);
        prefill(leadId(2), 12);
        processor = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
        processor.init(context);
        assertThat(lookup.calls()).isEqualTo(2);
        assertThat(lookup.callsFor(leadId(1))).isEqualTo(1);
        assertThat(runtime.metrics.pending.get()).isEqualTo(3);

        lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1)));
        lookup.complete(leadId(2), LookupResult.failure(Outcome.TIMEOUT, 0, null, "timeout"));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());

        List<CapturedForward<?, ?>> output = List.copyOf(context.forwarded(EnricherTopology.SINK_OUTPUT));
        assertThat(output).hasSize(2);
        assertThat(output).extracting(f -> TopologyHarness.header(f.record().headers(), HeaderNames.ORIGIN_OFFSET)).containsExactlyInAnyOrder("10", "11");
        assertThat(output).extracting(f -> TopologyHarness.header(f.record().headers(), "traceparent")).containsExactlyInAnyOrder("tp-10", "tp-11");
        assertThat(context.forwarded(EnricherTopology.SINK_RETRY)).hasSize(1);
        try (var it = pending.all()) {
            assertThat(it.hasNext()).isFalse();
        }
        assertThat(runtime.metrics.pending.get()).isZero();
    }

    @Test
    void completionsArrivingAfterCloseAreDroppedAndFreeTheirSlot() {
        prefill(leadId(3), 1);
        processor = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
        processor.init(context);
        assertThat(runtime.inFlight.availablePermits()).isEqualTo(63);
        processor.close();
        lookup.complete(leadId(3), TopologyHarness.foundFor(leadId(3)));
        assertThat(runtime.inFlight.availablePermits()).isEqualTo(64);
        assertThat(context.forwarded()).isEmpty();
        processor = null;
    }

    private void drainTick() {
        // The drain punctuator of the latest init (each init schedules four: drain, upkeep, release, purge).
        List<MockProcessorContext.CapturedPunctuator> scheduled = context.scheduledPunctuators();
        scheduled.get(scheduled.size() - 4).getPunctuator().punctuate(context.currentSystemTimeMs());
    }

    @Test
    void aBigBacklogDrainsInBoundedBatchesAndACrashMidwayFinishesFromTheCacheWithoutACall() {
        String lead = leadId(4);
        int backlog = 2 * CompletionDrain.MAX_RECORDS_PER_DRAIN + 500;
        for (int i = 0; i < backlog; i++) {
            prefill(lead, i);
        }
        processor = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
        processor.init(context);
        lookup.complete(lead, TopologyHarness.foundFor(lead));
        drainTick();
        assertThat(context.forwarded(EnricherTopology.SINK_OUTPUT)).hasSize(CompletionDrain.MAX_RECORDS_PER_DRAIN);
        assertThat(context.committed()).as("a commit is requested between batches").isTrue();

        // A crash after the first batch: the next incarnation finds the rest pending and the lead cached.
        processor.close();
        context.resetForwards();
        processor = new LookupProcessor(settings, ports, LeadIdCheck.standard(256), runtime);
        processor.init(context);
        assertThat(lookup.calls()).as("no second call").isEqualTo(1);
        drainTick();
        drainTick();
        List<CapturedForward<?, ?>> rest = List.copyOf(context.forwarded(EnricherTopology.SINK_OUTPUT));
        assertThat(rest).hasSize(backlog - CompletionDrain.MAX_RECORDS_PER_DRAIN)
                .allSatisfy(f -> assertThat(TopologyHarness.header(f.record().headers(), HeaderNames.CACHE_HIT)).isEqualTo("true"));
        try (var it = pending.all()) {
            assertThat(it.hasNext()).isFalse();
        }
        assertThat(runtime.metrics.pending.get()).isZero();
    }
}
