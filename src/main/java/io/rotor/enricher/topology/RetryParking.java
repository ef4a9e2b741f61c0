package io.rotor.enricher.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's events read back from the retry topic, parked until their not-before: the {@code retry-parked} store
 * (keyed by due time first, see {@link StoreKeys}), its count, and this task's share of the
 * {@code enricher.retries.parked} and {@code enricher.retries.oldest.due} gauges.
 */
final class RetryParking {
    /**
     * Released per punctuation at most, by count and by stored bytes, so one punctuation stays short and its
     * records stay well inside the producer's buffer after a long outage.
     */
    static final int MAX_RELEASE_PER_POLL = CompletionDrain.MAX_RECORDS_PER_DRAIN;
    static final long MAX_RELEASE_BYTES_PER_POLL = CompletionDrain.MAX_BYTES_PER_DRAIN;

    /** What a released event rejoins: the lookup path, with the sequence it was parked under. */
    @FunctionalInterface
    interface Release {
        void admit(PendingEvent event, byte[] seq);
    }

    private final KeyValueStore<Bytes, byte[]> store;
    private final ParkedIndex byLead;
    private final AtomicLong parkedGauge;
    private final Map<Object, Long> oldestDue;
    private final Map<Object, Long> oldestFirstFailure;
    /** How many parked events first failed at each time, for the oldest-first-failure gauge. */
    private final java.util.TreeMap<Long, Integer> firstFailures = new java.util.TreeMap<>();
    private long count;

    /**
     * @param oldestDue          each task's earliest due time, keyed by its parking (this object)
     * @param oldestFirstFailure each task's earliest first failure among its parked events, keyed the same way
     */
    RetryParking(KeyValueStore<Bytes, byte[]> store, ParkedIndex byLead, AtomicLong parkedGauge, Map<Object, Long> oldestDue,
            Map<Object, Long> oldestFirstFailure) {
        this.store = store;
        this.byLead = byLead;
        this.parkedGauge = parkedGauge;
        this.oldestDue = oldestDue;
        this.oldestFirstFailure = oldestFirstFailure;
    }

    /** Counts what the store holds, publishes its earliest due time, and brings the by-lead index in line. */
    void load() {
        long found = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            if (it.hasNext()) {
                oldestDue.put(this, StoreKeys.parkedDue(it.peekNextKey()));
            }
            while (it.hasNext()) {
                countFirstFailure(PendingEvent.decode(it.next().value), 1);
                found++;
            }
        }
        count += found;
        parkedGauge.addAndGet(found);
        byLead.rebuildIfStale(found, store.all());
    }

    void park(long notBeforeMs, String leadId, byte[] seq, PendingEvent event) {
        Bytes key = StoreKeys.parked(notBeforeMs, leadId, seq);
        store.put(key, event.encode());
        byLead.add(key);
        countFirstFailure(event, 1);
        count++;
        parkedGauge.incrementAndGet();
        oldestDue.merge(this, notBeforeMs, Math::min);
    }

    /** Gives a parked event an earlier due time, or says to leave it: {@code -1}. */
    @FunctionalInterface
    interface Reschedule {
        long earlierDue(PendingEvent event, long dueMs);
    }

    /**
     * Moves events parked with a due time in {@code [fromMs, toMs]} to the earlier due time {@code reschedule} gives,
     * at most {@code limit} of them; returns how many moved (fewer than the limit: no more to move now).
     */
    int moveEarlier(long fromMs, long toMs, int limit, Reschedule reschedule) {
        if (fromMs > toMs) {
            return 0;
        }
        List<KeyValue<Bytes, byte[]>> moves = new ArrayList<>();
        List<Long> dues = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(StoreKeys.parkedFrom(fromMs), StoreKeys.parkedFrom(toMs + 1))) {
            while (it.hasNext() && moves.size() < limit) {
                KeyValue<Bytes, byte[]> next = it.next();
                long due = StoreKeys.parkedDue(next.key);
                if (due < fromMs || due > toMs) {
                    continue;
                }
                long earlier = reschedule.earlierDue(PendingEvent.decode(next.value), due);
                if (earlier >= 0 && earlier < due) {
                    moves.add(next);
                    dues.add(earlier);
                }
            }
        }
        for (int i = 0; i < moves.size(); i++) {
            KeyValue<Bytes, byte[]> kv = moves.get(i);
            long due = dues.get(i);
            byte[] key = kv.key.get();
            store.delete(kv.key);
            byLead.remove(kv.key);
            byte[] moved = key.clone();
            java.nio.ByteBuffer.wrap(moved).putLong(Math.max(0, due));
            store.put(Bytes.wrap(moved), kv.value);
            byLead.add(Bytes.wrap(moved));
            oldestDue.merge(this, due, Math::min);
        }
        return moves.size();
    }

    /** Releases what is due at {@code nowMs}, earliest first, within the per-poll bounds; never early. */
    void releaseDue(long nowMs, Release release) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        Long nextDue = null;
        long bytes = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                Bytes key = it.peekNextKey();
                long dueMs = StoreKeys.parkedDue(key);
                if (dueMs > nowMs || due.size() >= MAX_RELEASE_PER_POLL || bytes >= MAX_RELEASE_BYTES_PER_POLL) {
                    nextDue = dueMs;
                    break;
                }
                KeyValue<Bytes, byte[]> next = it.next();
                bytes += next.value.length;
                due.add(next);
            }
        }
        if (nextDue == null) {
            oldestDue.remove(this);
        } else {
            oldestDue.put(this, nextDue);
        }
        for (KeyValue<Bytes, byte[]> kv : due) {
            releaseOne(kv.key, kv.value, release);
        }
    }

    /**
     * Releases the lead's parked events before their time, at most {@code limit} (the leads table brought the lead);
     * true when none is left. Needs the by-lead index: without it releases none.
     */
    boolean releaseLead(String leadId, int limit, Release release) {
        List<Bytes> keys = byLead.parkedKeysOf(leadId, limit);
        for (Bytes key : keys) {
            byte[] value = store.get(key);
            if (value == null) {
                byLead.remove(key); // its event left by a path the index missed: nothing to release
                continue;
            }
            releaseOne(key, value, release);
        }
        return keys.size() < limit;
    }

    private void releaseOne(Bytes key, byte[] value, Release release) {
        store.delete(key);
        byLead.remove(key);
        count--;
        parkedGauge.decrementAndGet();
        PendingEvent event = PendingEvent.decode(value);
        countFirstFailure(event, -1);
        release.admit(event, StoreKeys.parkedSeq(key));
    }

    long count() {
        return count;
    }

    /** The task is closing: its events leave the instance's gauges (the store keeps them). */
    void close() {
        parkedGauge.addAndGet(-count);
        count = 0;
        oldestDue.remove(this);
        firstFailures.clear();
        oldestFirstFailure.remove(this);
    }

    private void countFirstFailure(PendingEvent event, int delta) {
        long first = event.retry().firstFailureMs();
        if (first < 0) {
            return;
        }
        firstFailures.merge(first, delta, (a, b) -> a + b == 0 ? null : a + b);
        if (firstFailures.isEmpty()) {
            oldestFirstFailure.remove(this);
        } else {
            oldestFirstFailure.put(this, firstFailures.firstKey());
        }
    }
}
