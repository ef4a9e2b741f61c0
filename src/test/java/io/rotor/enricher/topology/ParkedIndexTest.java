package io.rotor.enricher.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.MockStoresContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * The by-lead index of parked events (a store added with the leads table): rebuilt from the parked store that an
 * earlier release, or this one with the catalog off, left without it; kept in line by every park, move and release.
 */
class ParkedIndexTest {
    private static final RetryState RATE_LIMITED = new RetryState(1, 1_000, Outcome.RATE_LIMITED, 429, "RATE_LIMIT_EXCEEDED",
            "Daily API key request limit of 1000 exceeded", 0, 0);

    private static PendingEvent event(String leadId, long offset) {
        return new PendingEvent(leadId, Fixtures.event(leadId), new Origin("lead-events", 0, offset, 1_000L, null), List.of(),
                RATE_LIMITED);
    }

    private static RetryParking parking(MockStoresContext m, ParkedIndex index) {
        return new RetryParking(m.parked, index, new AtomicLong(), new ConcurrentHashMap<>(), new ConcurrentHashMap<Object, Long>());
    }

    private static long count(MockStoresContext m) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = m.parkedByLead.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void parkedEventsLeftWithoutAnIndexAreIndexedAtLoadAndReleasedByLead() {
        String a = Fixtures.leadId(1);
        String b = Fixtures.leadId(2);
        try (MockStoresContext m = new MockStoresContext()) {
            RetryParking before = parking(m, ParkedIndex.NONE);
            for (int i = 0; i < 5; i++) {
                before.park(10_000 + i, i % 2 == 0 ? a : b, StoreKeys.seq(StoreKeys.FROM_RETRY, i), event(i % 2 == 0 ? a : b, i));
            }
            assertThat(count(m)).isZero();

            RetryParking after = parking(m, new ParkedIndex(m.parkedByLead));
            after.load();
            assertThat(count(m)).isEqualTo(5);

            List<Long> released = new ArrayList<>();
            assertThat(after.releaseLead(a, 100, (event, seq) -> released.add(event.origin().offset()))).isTrue();
            assertThat(released).containsExactly(0L, 2L, 4L);
            assertThat(after.count()).isEqualTo(2);
            assertThat(count(m)).isEqualTo(2);

            List<String> due = new ArrayList<>();
            after.releaseDue(20_000, (event, seq) -> due.add(event.leadId()));
            assertThat(due).containsExactly(b, b);
            assertThat(count(m)).isZero();
        }
    }

    @Test
    void aReleaseTakesAtMostItsLimitAndSaysWhetherMoreIsLeft() {
        String a = Fixtures.leadId(3);
        try (MockStoresContext m = new MockStoresContext()) {
            RetryParking p = parking(m, new ParkedIndex(m.parkedByLead));
            p.load();
            for (int i = 0; i < 7; i++) {
                p.park(50_000 - i, a, StoreKeys.seq(StoreKeys.FROM_RETRY, i), event(a, i));
            }
            List<Long> first = new ArrayList<>();
            assertThat(p.releaseLead(a, 3, (event, seq) -> first.add(event.origin().offset()))).isFalse();
            assertThat(first).as("earliest due first").containsExactly(6L, 5L, 4L);
            List<Long> rest = new ArrayList<>();
            assertThat(p.releaseLead(a, 10, (event, seq) -> rest.add(event.origin().offset()))).isTrue();
            assertThat(rest).containsExactly(3L, 2L, 1L, 0L);
            assertThat(p.count()).isZero();
        }
    }

    @Test
    void movesKeepTheIndexInLineAndAStaleEntryIsDroppedOnUse() {
        String a = Fixtures.leadId(4);
        try (MockStoresContext m = new MockStoresContext()) {
            RetryParking p = parking(m, new ParkedIndex(m.parkedByLead));
            p.load();
            p.park(90_000, a, StoreKeys.seq(StoreKeys.FROM_RETRY, 1), event(a, 1));
            p.park(95_000, a, StoreKeys.seq(StoreKeys.FROM_RETRY, 2), event(a, 2));
            assertThat(p.moveEarlier(0, 100_000, 10, (event, dueMs) -> dueMs - 50_000)).isEqualTo(2);
            assertThat(count(m)).isEqualTo(2);

            // An entry whose event is gone (e.g. a parked store restored from its changelog beside a stale local index).
            Bytes ghost = StoreKeys.parked(1_000, a, StoreKeys.seq(StoreKeys.FROM_RETRY, 9));
            new ParkedIndex(m.parkedByLead).add(ghost);
            List<Long> released = new ArrayList<>();
            assertThat(p.releaseLead(a, 10, (event, seq) -> released.add(event.origin().offset()))).isTrue();
            assertThat(released).containsExactly(1L, 2L);
            assertThat(count(m)).isZero();
        }
    }

    @Test
    void anIndexOfTheWrongSizeIsRebuiltAtLoad() {
        String a = Fixtures.leadId(5);
        try (MockStoresContext m = new MockStoresContext()) {
            RetryParking p = parking(m, new ParkedIndex(m.parkedByLead));
            p.load();
            p.park(10_000, a, StoreKeys.seq(StoreKeys.FROM_RETRY, 1), event(a, 1));
            new ParkedIndex(m.parkedByLead).add(StoreKeys.parked(1, Fixtures.leadId(6), StoreKeys.seq(StoreKeys.FROM_RETRY, 2)));
            assertThat(count(m)).isEqualTo(2);
            RetryParking reloaded = parking(m, new ParkedIndex(m.parkedByLead));
            reloaded.load();
            assertThat(count(m)).isEqualTo(1);
            Map<String, Integer> none = new ConcurrentHashMap<>();
            assertThat(reloaded.releaseLead(Fixtures.leadId(6), 10, (event, seq) -> none.merge(event.leadId(), 1, Integer::sum))).isTrue();
            assertThat(none).isEmpty();
        }
    }
}
