package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scheduler alone, with plain calls: no Kafka Streams, no driver. */
class LookupSchedulerTest {
    private static final long NOW = TopologyHarness.START.toEpochMilli();

    private final FakeLeadLookup lookup = new FakeLeadLookup();
    private final FakeSharedGate gate = new FakeSharedGate();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();

    private LookupScheduler scheduler(Semaphore slots) {
        return new LookupScheduler(lookup, gate, slots, queued, started::incrementAndGet);
    }

    @Test
    void oneLookupPerLeadWhileItIsInFlight() {
        LookupScheduler s = scheduler(new Semaphore(4));
        for (int i = 0; i < 50; i++) {
            s.request(leadId(1), NOW);
        }
        assertThat(lookup.callsFor(leadId(1))).isEqualTo(1);
        assertThat(s.inFlight(leadId(1))).isTrue();

        lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1)));
        LookupScheduler.Completion c = s.poll();
        assertThat(c.leadId()).isEqualTo(leadId(1));
        assertThat(c.result().outcome()).isEqualTo(Outcome.FOUND);
        assertThat(s.inFlight(leadId(1))).isFalse();
        assertThat(s.poll()).isNull();

        s.request(leadId(1), NOW);
        assertThat(lookup.callsFor(leadId(1))).isEqualTo(2);
        assertThat(started).hasValue(2);
    }

    @Test
    void leadsBeyondTheSlotsWaitQueuedInArrivalOrder() {
        Semaphore slots = new Semaphore(2);
        LookupScheduler s = scheduler(slots);
        for (int i = 1; i <= 5; i++) {
            s.request(leadId(i), NOW);
        }
        assertThat(lookup.openLeads()).containsExactlyInAnyOrder(leadId(1), leadId(2));
        assertThat(s.queuedCount()).isEqualTo(3);
        assertThat(queued).hasValue(3);

        lookup.complete(leadId(2), TopologyHarness.foundFor(leadId(2)));
        assertThat(slots.availablePermits()).isEqualTo(1);
        s.poll();
        s.startQueued(NOW);
        assertThat(lookup.openLeads()).containsExactlyInAnyOrder(leadId(1), leadId(3));
        assertThat(queued).hasValue(2);
    }

    @Test
    void aClosedGateRefusesWithoutACallOrASlot() throws Exception {
        Semaphore slots = new Semaphore(1);
        LookupScheduler s = scheduler(slots);
        Instant until = TopologyHarness.START.plus(Duration.ofHours(3));
        gate.close(until, Outcome.RATE_LIMITED);

        s.request(leadId(1), NOW);
        s.request(leadId(2), NOW);

        assertThat(lookup.calls()).isZero();
        assertThat(slots.availablePermits()).isEqualTo(1);
        LookupScheduler.Completion first = s.poll(Duration.ofMillis(10));
        assertThat(first.result().outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(first.result().attempted()).isFalse();
        assertThat(s.poll()).isNotNull();
        assertThat(started).hasValue(0);
    }

    @Test
    void aLookupPortThatThrowsIsANetworkAnswer() {
        LookupScheduler s = new LookupScheduler(id -> {
            throw new IllegalStateException("broken");
        }, gate, new Semaphore(1), queued, started::incrementAndGet);
        s.request(leadId(1), NOW);
        LookupResult result = s.poll().result();
        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(result.message()).contains("IllegalStateException");
    }

    @Test
    void afterCloseAnswersAreDroppedTheirSlotsFreedAndTheQueueLeavesTheGauge() {
        Semaphore slots = new Semaphore(1);
        LookupScheduler s = scheduler(slots);
        s.request(leadId(1), NOW);
        s.request(leadId(2), NOW);
        assertThat(queued).hasValue(1);

        s.close();
        lookup.complete(leadId(1), TopologyHarness.foundFor(leadId(1)));

        assertThat(s.poll()).isNull();
        assertThat(slots.availablePermits()).isEqualTo(1);
        assertThat(queued).hasValue(0);
    }
}
