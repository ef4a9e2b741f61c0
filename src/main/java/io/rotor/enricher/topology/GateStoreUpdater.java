package io.rotor.enricher.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global processor of the gate topic, also run when the store is restored: keeps per gate key the merge of
 * every record (see {@link GateRecord#merge}), so two instances' closings arriving out of order never shorten the
 * closing, and an unreadable record changes nothing. A tombstone deletes the key.
 */
final class GateStoreUpdater implements Processor<String, byte[], Void, Void> {
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(EnricherTopology.STORE_GATE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        GateRecord incoming = GateStateJson.decodeRecord(record.value());
        if (incoming == null) {
            return;
        }
        GateRecord held = GateStateJson.decodeRecord(store.get(record.key()));
        GateRecord merged = GateRecord.merge(held, incoming);
        if (merged != held) {
            store.put(record.key(), GateStateJson.encode(merged));
        }
    }
}
