package io.rotor.enricher.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's events waiting for their lead's lookup: the changelogged {@code pending} store (keys in
 * {@link StoreKeys}), its count, and this task's share of the instance's {@code enricher.events.pending} gauge.
 */
final class PendingEvents {
    private final KeyValueStore<Bytes, byte[]> store;
    private final AtomicLong gauge;
    private long count;

    PendingEvents(KeyValueStore<Bytes, byte[]> store, AtomicLong gauge) {
        this.store = store;
        this.gauge = gauge;
    }

    /** Counts what the store holds (a crash or a task move left it) and returns the leads it waits for, in key order. */
    Set<String> load() {
        Set<String> leads = new LinkedHashSet<>();
        long found = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                leads.add(PendingEvent.decode(it.next().value).leadId());
                found++;
            }
        }
        count += found;
        gauge.addAndGet(found);
        return leads;
    }

    void add(String leadId, byte[] seq, PendingEvent event) {
        store.put(StoreKeys.pending(leadId, seq), event.encode());
        count++;
        gauge.incrementAndGet();
    }

    /** A waiting event, its store key and its stored size. */
    record Waiting(Bytes key, PendingEvent event, int bytes) {
    }

    /**
     * The lead's first waiting events in arrival order per source: at most {@code maxEvents}, and no more once
     * {@code maxBytes} are reached (always at least one, when there is one). The store is iterated, not loaded.
     */
    List<Waiting> firstOf(String leadId, int maxEvents, long maxBytes) {
        List<Waiting> events = new ArrayList<>();
        long bytes = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(StoreKeys.leadPrefix(leadId), new BytesSerializer())) {
            while (it.hasNext() && events.size() < Math.max(1, maxEvents) && (events.isEmpty() || bytes < maxBytes)) {
                KeyValue<Bytes, byte[]> kv = it.next();
                events.add(new Waiting(kv.key, PendingEvent.decode(kv.value), kv.value.length));
                bytes += kv.value.length;
            }
        }
        return events;
    }

    void remove(Bytes key) {
        store.delete(key);
        count--;
        gauge.decrementAndGet();
    }

    long count() {
        return count;
    }

    /** The task is closing: its events leave the instance's gauge (the store keeps them). */
    void close() {
        gauge.addAndGet(-count);
        count = 0;
    }
}
