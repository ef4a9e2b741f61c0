package io.rotor.enricher.topology;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead-cache entry: what the lookup path knows of one lead. Designed once for the issues that extend it (stale
 * serving, schema-id reframing, the lead catalog), so they fill its fields instead of changing its format.
 *
 * @param kind         a found lead as output bytes, a found lead the serializer refused (plain Avro), NOT_FOUND, or a
 *                     found lead too large for the output topic or the cache changelog (TOO_LARGE, no payload)
 * @param source       where the lead came from: a lookup by id, or (later) the catalog sync
 * @param schemaId     the registry schema id the output bytes carry (Confluent wire format), -1 for none
 * @param payload      the output value exactly as the lead serializer produced it ({@link Kind#OUTPUT}), the lead's
 *                     plain Avro binary ({@link Kind#LEAD_AVRO}, see {@link LeadAvro}), or null (NOT_FOUND)
 * @param warnings     the mapping warnings of the lead
 * @param status       the HTTP status of the answer (200, or NOT_FOUND's)
 * @param errorCode    Rotor's error_code of a NOT_FOUND answer
 * @param message      Rotor's message of a NOT_FOUND answer; for TOO_LARGE, what did not fit where
 * @param fetchedAtMs  when the answer was fetched; never decreases per lead
 * @param expiresAtMs  fresh until then
 * @param staleUntilMs a found lead may be served stale until then (ENRICHER_STALE_IF_ERROR): written as
 *                     {@code expiresAtMs} + the window; {@code expiresAtMs} while stale serving is off, for other kinds,
 *                     and in release 0.1.0's entries. The cache decides with the window in force, so a changed setting
 *                     applies to every entry (see {@link LeadCache#staleUntil})
 */
record CachedLead(Kind kind, Source source, int schemaId, byte[] payload, List<String> warnings, int status,
                  String errorCode, String message, long fetchedAtMs, long expiresAtMs, long staleUntilMs) {
    /** The format this release writes (see docs/ARCHITECTURE.md, "Store formats"). */
    static final int VERSION = 3;
    /** The format release 0.1.0 wrote: no source, schema id or stale-until. Still read. */
    static final int VERSION_2 = 2;
    static final int NO_SCHEMA_ID = -1;

    enum Kind {
        NOT_FOUND, OUTPUT, LEAD_AVRO, TOO_LARGE;

        private static final Kind[] ALL = values();
    }

    enum Source {
        LOOKUP, CATALOG;

        private static final Source[] ALL = values();
    }

    /** A FOUND lead: {@code outputValue} is what the lead serializer produced for the output topic. */
    static CachedLead output(byte[] outputValue, List<String> warnings, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.OUTPUT, Source.LOOKUP, schemaIdOf(outputValue), outputValue, List.copyOf(warnings), 200,
                null, null, fetchedAtMs, expiresAtMs, expiresAtMs);
    }

    /** A FOUND lead the serializer refused at fetch time: its plain Avro binary (see {@link LeadAvro}). */
    static CachedLead leadAvro(byte[] leadAvro, List<String> warnings, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.LEAD_AVRO, Source.LOOKUP, NO_SCHEMA_ID, leadAvro, List.copyOf(warnings), 200, null, null,
                fetchedAtMs, expiresAtMs, expiresAtMs);
    }

    static CachedLead notFound(int status, String errorCode, String message, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.NOT_FOUND, Source.LOOKUP, NO_SCHEMA_ID, null, List.of(), status, errorCode, message,
                fetchedAtMs, expiresAtMs, expiresAtMs);
    }

    /**
     * A found lead whose records cannot be written (see {@link RecordLimits}): its events are dead-lettered as
     * LEAD_TOO_LARGE without a call until the entry expires.
     */
    static CachedLead tooLarge(String whatDidNotFit, long fetchedAtMs, long expiresAtMs) {
        return new CachedLead(Kind.TOO_LARGE, Source.LOOKUP, NO_SCHEMA_ID, null, List.of(), 200, null, whatDidNotFit,
                fetchedAtMs, expiresAtMs, expiresAtMs);
    }

    /** The same entry, from {@code from}. */
    CachedLead withSource(Source from) {
        return new CachedLead(kind, from, schemaId, payload, warnings, status, errorCode, message, fetchedAtMs, expiresAtMs, staleUntilMs);
    }

    /** The same entry, stale-servable until {@code ms}. */
    CachedLead withStaleUntil(long ms) {
        return new CachedLead(kind, source, schemaId, payload, warnings, status, errorCode, message, fetchedAtMs, expiresAtMs, ms);
    }

    /** An entry that holds a lead to emit. */
    boolean found() {
        return kind == Kind.OUTPUT || kind == Kind.LEAD_AVRO;
    }

    boolean freshAt(long nowMs) {
        return nowMs < expiresAtMs;
    }

    /** The schema id in Confluent's wire format (magic byte 0, then a 4-byte id), or {@link #NO_SCHEMA_ID}. */
    static int schemaIdOf(byte[] outputValue) {
        return outputValue != null && outputValue.length >= 5 && outputValue[0] == 0
                ? ByteBuffer.wrap(outputValue, 1, 4).getInt() : NO_SCHEMA_ID;
    }

    byte[] encode() {
        Bin.Writer w = new Bin.Writer().u8(VERSION).u8(kind.ordinal()).u8(source.ordinal()).i32(schemaId)
                .bytes(payload).i32(warnings.size());
        for (String warning : warnings) {
            w.string(warning);
        }
        return w.i32(status).string(errorCode).string(message).i64(fetchedAtMs).i64(expiresAtMs).i64(staleUntilMs).done();
    }

    /**
     * The entry, or {@code null} when {@code data} is in a format this release does not read, or unreadable: the
     * caller treats it as a miss and overwrites it (it costs one lookup, never an event).
     */
    static CachedLead decode(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        int version = data[0] & 0xff;
        if (version != VERSION && version != VERSION_2) {
            return null;
        }
        try {
            Bin.Reader r = new Bin.Reader(data);
            r.u8();
            int kind = r.u8();
            if (kind >= Kind.ALL.length) {
                return null;
            }
            Source source = Source.LOOKUP;
            int schemaId = NO_SCHEMA_ID;
            if (version == VERSION) {
                int s = r.u8();
                if (s >= Source.ALL.length) {
                    return null;
                }
                source = Source.ALL[s];
                schemaId = r.i32();
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
            int status = r.i32();
            String errorCode = r.string();
            String message = r.string();
            long fetchedAt = r.i64();
            long expiresAt = r.i64();
            long staleUntil = version == VERSION ? r.i64() : expiresAt;
            if (version == VERSION_2 && Kind.ALL[kind] == Kind.OUTPUT) {
                schemaId = schemaIdOf(payload);
            }
            CachedLead entry = new CachedLead(Kind.ALL[kind], source, schemaId, payload, List.copyOf(warnings), status,
                    errorCode, message, fetchedAt, expiresAt, staleUntil);
            return entry.found() && entry.payload == null ? null : entry;
        } catch (UncheckedIOException truncatedOrCorrupt) {
            return null;
        }
    }
}
