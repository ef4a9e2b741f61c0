package io.rotor.enricher.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store keys. An event's sequence is (source tag, offset in the repartition or retry topic): deterministic, so a
 * replay after an aborted transaction lands on the same key. Lead ids never contain 0x00 (see {@link LeadIdCheck}),
 * which separates the id from what follows and makes {@code lead id + 0x00} a prefix that finds a lead's events.
 * <ul>
 *   <li>pending: lead id, 0x00, tag, offset (8 bytes big-endian)</li>
 *   <li>retry-parked: due time (8 bytes big-endian, so iteration from the start gives the earliest), lead id, 0x00, tag, offset</li>
 * </ul>
 */
final class StoreKeys {
    static final byte FROM_REPARTITION = 0;
    static final byte FROM_RETRY = 1;
    private static final int SEQ_BYTES = 1 + 8;

    private StoreKeys() {
    }

    /** The 9-byte sequence: tag and offset. */
    static byte[] seq(byte tag, long offset) {
        return ByteBuffer.allocate(SEQ_BYTES).put(tag).putLong(offset).array();
    }

    static Bytes leadPrefix(String leadId) {
        byte[] id = leadId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 1).put(id).put((byte) 0).array());
    }

    static Bytes pending(String leadId, byte[] seq) {
        byte[] id = leadId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 1 + SEQ_BYTES).put(id).put((byte) 0).put(seq).array());
    }

    static Bytes parked(long dueMs, String leadId, byte[] seq) {
        byte[] id = leadId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length + 1 + SEQ_BYTES)
                .putLong(Math.max(0, dueMs)).put(id).put((byte) 0).put(seq).array());
    }

    /** The smallest retry-parked key of events due at {@code dueMs}: a range bound. */
    static Bytes parkedFrom(long dueMs) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(Math.max(0, dueMs)).array());
    }

    static long parkedDue(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static byte[] parkedSeq(Bytes key) {
        byte[] k = key.get();
        return Arrays.copyOfRange(k, k.length - SEQ_BYTES, k.length);
    }
}
