package io.rotor.enricher.testkit;

import io.rotor.enricher.topology.EnricherTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link MockProcessorContext} holding the lookup processor's stores (in memory, unlogged), for processor-level
 * tests that need no driver: named-child forwards and punctuators are captured. Close it after the test.
 */
public final class MockStoresContext implements AutoCloseable {
    public final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    public final KeyValueStore<Bytes, byte[]> pending;
    public final KeyValueStore<String, byte[]> cache;
    public final KeyValueStore<Bytes, byte[]> parked;
    public final KeyValueStore<String, byte[]> gate;
    public final KeyValueStore<Bytes, byte[]> parkedByLead;
    public final KeyValueStore<String, byte[]> syncProgress;
    public final KeyValueStore<String, byte[]> sweepWatermark;
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();

    public MockStoresContext() {
        context.setCurrentSystemTimeMs(TopologyHarness.START.toEpochMilli());
        pending = store(EnricherTopology.STORE_PENDING, Serdes.Bytes());
        cache = store(EnricherTopology.STORE_CACHE, Serdes.String());
        parked = store(EnricherTopology.STORE_PARKED, Serdes.Bytes());
        gate = store(EnricherTopology.STORE_GATE, Serdes.String());
        parkedByLead = store(EnricherTopology.STORE_PARKED_BY_LEAD, Serdes.Bytes());
        syncProgress = store(EnricherTopology.STORE_SYNC_PROGRESS, Serdes.String());
        sweepWatermark = store(EnricherTopology.STORE_SWEEP_WATERMARK, Serdes.String());
    }

    private <K> KeyValueStore<K, byte[]> store(String name, Serde<K> keySerde) {
        KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keySerde, Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
        return store;
    }

    /** Fires every punctuator scheduled with {@code interval}, at the context's current time. */
    public void punctuate(java.time.Duration interval) {
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(interval))
                .forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        stores.forEach(KeyValueStore::close);
    }
}
