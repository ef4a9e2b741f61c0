package io.rotor.enricher.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * A lead-cache entry: a FOUND lead (Avro binary, no registry) with its mapping warnings, or a NOT_FOUND answer
 * (negative cache), with when it was fetched and until when it is fresh.
 */
record CachedLead(boolean found, byte[] leadAvro, List<String> warnings, int status, String errorCode,
                  String message, long fetchedAtMs, long expiresAtMs) {
    private static final int VERSION = 1;

    static CachedLead found(byte[] leadAvro, List<String> warnings, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(true, leadAvro, List.copyOf(warnings), 200, null, null, fetchedAtMs, expiresAtMs);
    }

    static CachedLead notFound(int status, String errorCode, String message, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(false, null, List.of(), status, errorCode, message, fetchedAtMs, expiresAtMs);
    }

    boolean freshAt(long nowMs) {
        return nowMs < expiresAtMs;
    }

    byte[] encode() {
        Bin.Writer w = new Bin.Writer().i32(VERSION).i32(found ? 1 : 0).bytes(leadAvro).i32(warnings.size());
        for (String warning : warnings) {
            w.string(warning);
        }
        return w.i32(status).string(errorCode).string(message).i64(fetchedAtMs).i64(expiresAtMs).done();
    }

    static CachedLead decode(byte[] data) {
        Bin.Reader r = new Bin.Reader(data);
        int version = r.i32();
        if (version != VERSION) {
            throw new IllegalStateException("lead cache format " + version + " is not known to this version");
        }
        boolean found = r.i32() == 1;
        byte[] lead = r.bytes();
        int n = r.i32();
        List<String> warnings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            warnings.add(r.string());
        }
        return new CachedLead(found, lead, List.copyOf(warnings), r.i32(), r.string(), r.string(), r.i64(), r.i64());
    }
}
