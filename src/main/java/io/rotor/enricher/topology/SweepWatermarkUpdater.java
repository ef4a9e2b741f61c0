package io.rotor.enricher.topology;

import io.rotor.enricher.catalog.SweepWatermark;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global processor of the sweep-watermark topic, also run when the store is restored: keeps the latest
 * watermark. One syncer writes it (fenced by exactly-once), so the latest record is the newest; an unreadable one
 * changes nothing.
 */
final class SweepWatermarkUpdater implements Processor<String, byte[], Void, Void> {
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(EnricherTopology.STORE_SWEEP_WATERMARK);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (!SweepWatermark.KEY.equals(record.key())) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else if (SweepWatermark.decode(record.value()) != SweepWatermark.NONE) {
            store.put(record.key(), record.value());
        }
    }
}
