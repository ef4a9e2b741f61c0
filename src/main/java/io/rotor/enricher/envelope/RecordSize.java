package io.rotor.enricher.envelope;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Sizes of records as Kafka counts them, uncompressed: what {@code max.request.size} and a topic's
 * {@code max.message.bytes} are compared with. Kafka's own estimate lives in an internal package, so the record
 * format's bounds are written out here.
 */
public final class RecordSize {
    /** A record batch's header (magic v2). */
    static final int BATCH_OVERHEAD = 61;
    /** Length, attributes, timestamp and offset deltas, key and value lengths, header count: varints at their widest. */
    static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    /** A header's key and value lengths, varints at their widest. */
    static final int HEADER_OVERHEAD = 5 + 5;

    private RecordSize() {
    }

    /** Key, value and header bytes: the payload an event brings, as ENRICHER_MAX_EVENT_BYTES counts it. */
    public static long payload(byte[] key, byte[] value, Headers headers) {
        long size = length(key) + length(value);
        for (Header h : headers) {
            size += utf8Length(h.key()) + length(h.value());
        }
        return size;
    }

    /** An upper bound of the bytes a one-record batch of this record takes, uncompressed. */
    public static long batchUpperBound(byte[] key, byte[] value, Headers headers) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD + payload(key, value, headers);
        for (Header ignored : headers) {
            size += HEADER_OVERHEAD;
        }
        return size;
    }

    /** The same bound from the key's and value's lengths and the headers, when the bytes are not at hand. */
    public static long batchUpperBound(int keyBytes, int valueBytes, Headers headers) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD + (long) keyBytes + valueBytes;
        for (Header h : headers) {
            size += HEADER_OVERHEAD + utf8Length(h.key()) + length(h.value());
        }
        return size;
    }

    /** The bound for a record without headers. */
    public static long batchUpperBound(int keyBytes, int valueBytes, int headerCount) {
        return BATCH_OVERHEAD + RECORD_OVERHEAD + (long) keyBytes + valueBytes + (long) headerCount * HEADER_OVERHEAD;
    }

    /** Without encoding the string: this runs for every header of every event. */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
