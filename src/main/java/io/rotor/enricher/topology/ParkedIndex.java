package io.rotor.enricher.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@code retry-parked-by-lead} store (ENRICHER_CATALOG_SYNC): for each parked event, the key lead id, 0x00, its
 * {@code retry-parked} key, with an empty value, so a lead arriving in the leads table finds its parked events
 * without a scan. It is derived data, kept local (no changelog): {@link RetryParking#load} rebuilds it whenever its
 * count differs from the parked store's (the first start with the catalog, a store wiped after a crash), and a
 * reader skips an entry whose parked event is gone. {@link #NONE} keeps nothing.
 */
class ParkedIndex {
    /** No index: the leads table is off. */
    static final ParkedIndex NONE = new ParkedIndex(null) {
        @Override
        void add(Bytes parkedKey) {
        }

        @Override
        void remove(Bytes parkedKey) {
        }

        @Override
        void rebuildIfStale(long parkedCount, KeyValueIterator<Bytes, byte[]> parked) {
        }

        @Override
        List<Bytes> parkedKeysOf(String leadId, int limit) {
            return List.of();
        }
    };

    private static final byte[] EMPTY = new byte[0];
    private final KeyValueStore<Bytes, byte[]> store;

    ParkedIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void add(Bytes parkedKey) {
        store.put(indexKey(parkedKey), EMPTY);
    }

    void remove(Bytes parkedKey) {
        store.delete(indexKey(parkedKey));
    }

    /** Rebuilds the index from every parked key when its size is not {@code parkedCount}; consumes {@code parked}. */
    void rebuildIfStale(long parkedCount, KeyValueIterator<Bytes, byte[]> parked) {
        try (parked) {
            long indexed = 0;
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    it.next();
                    indexed++;
                }
            }
            if (indexed == parkedCount) {
                return;
            }
            List<Bytes> stale = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    stale.add(it.next().key);
                }
            }
            stale.forEach(store::delete);
            while (parked.hasNext()) {
                add(parked.next().key);
            }
        }
    }

    /** The {@code retry-parked} keys of the lead's parked events, at most {@code limit}, earliest due first. */
    List<Bytes> parkedKeysOf(String leadId, int limit) {
        Bytes prefix = StoreKeys.leadPrefix(leadId);
        int skip = prefix.get().length;
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(prefix, new BytesSerializer())) {
            while (it.hasNext() && keys.size() < limit) {
                byte[] k = it.next().key.get();
                keys.add(Bytes.wrap(Arrays.copyOfRange(k, skip, k.length)));
            }
        }
        return keys;
    }

    /** lead id, 0x00, the parked key (whose lead id sits after its 8-byte due time). */
    private static Bytes indexKey(Bytes parkedKey) {
        byte[] k = parkedKey.get();
        int end = 8;
        while (k[end] != 0) {
            end++;
        }
        byte[] leadId = Arrays.copyOfRange(k, 8, end);
        return Bytes.wrap(ByteBuffer.allocate(leadId.length + 1 + k.length).put(leadId).put((byte) 0).put(k).array());
    }
}
