package io.rotor.enricher.topology;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead-cache entry: a FOUND lead with its mapping warnings, or a NOT_FOUND answer (negative cache), with when it
 * was fetched and until when it is fresh.
 * <p>
 * A FOUND entry normally holds the output value exactly as the lead serializer produced it for the output topic
 * ({@link Kind#OUTPUT}), so a hit forwards those bytes with no Avro decode or encode. When the serializer refused
 * the lead at fetch time, the entry holds the lead's plain Avro binary instead ({@link Kind#LEAD_AVRO}) and a hit
 * tries the serializer again, as every hit did before output bytes were cached.
 * <p>
 * The first byte is the format version. An entry in any other format (the version-1 layout started with an int)
 * or one that cannot be read decodes to {@code null}: the caller treats it as a miss and overwrites it.
 */
record CachedLead(Kind kind, byte[] payload, List<String> warnings, int status, String errorCode,
                  String message, long fetchedAtMs, long expiresAtMs) {
    static final int VERSION = 2;

    enum Kind {
        NOT_FOUND, OUTPUT, LEAD_AVRO;

        private static final Kind[] ALL = values();
    }

    /** A FOUND lead: {@code outputValue} is what the lead serializer produced for the output topic. */
    static CachedLead output(byte[] outputValue, List<String> warnings, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.OUTPUT, outputValue, List.copyOf(warnings), 200, null, null, fetchedAtMs, expiresAtMs);
    }

    /** A FOUND lead the serializer refused at fetch time: its plain Avro binary (see {@link LeadAvro}). */
    static CachedLead leadAvro(byte[] leadAvro, List<String> warnings, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.LEAD_AVRO, leadAvro, List.copyOf(warnings), 200, null, null, fetchedAtMs, expiresAtMs);
    }

    static CachedLead notFound(int status, String errorCode, String message, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.NOT_FOUND, null, List.of(), status, errorCode, message, fetchedAtMs, expiresAtMs);
    }

    boolean found() {
        return kind != Kind.NOT_FOUND;
    }

    boolean freshAt(long nowMs) {
        return nowMs < expiresAtMs;
    }

    byte[] encode() {
        Bin.Writer w = new Bin.Writer().u8(VERSION).u8(kind.ordinal()).bytes(payload).i32(warnings.size());
        for (String warning : warnings) {
            w.string(warning);
        }
        return w.i32(status).string(errorCode).string(message).i64(fetchedAtMs).i64(expiresAtMs).done();
    }

    /** The entry, or {@code null} when {@code data} is in another format or unreadable (a miss, never a crash). */
    static CachedLead decode(byte[] data) {
        if (data == null || data.length == 0 || (data[0] & 0xff) != VERSION) {
            return null;
        }
        try {
            Bin.Reader r = new Bin.Reader(data);
            r.u8();
            int kind = r.u8();
            if (kind >= Kind.ALL.length) {
                return null;
            }
            byte[] payload = r.bytes();
            int n = r.i32();
            if (n < 0 || n > data.length) {
                return null;
            }
            List<String> warnings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                warnings.add(r.string());
            }
            CachedLead entry = new CachedLead(Kind.ALL[kind], payload, List.copyOf(warnings), r.i32(), r.string(),
                    r.string(), r.i64(), r.i64());
            return entry.found() && entry.payload == null ? null : entry;
        } catch (UncheckedIOException truncatedOrCorrupt) {
            return null;
        }
    }
}
