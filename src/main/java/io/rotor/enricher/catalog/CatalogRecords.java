package io.rotor.enricher.catalog;

import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * The leads table's record format, a public contract: key = lead id (UTF-8), value = the Avro {@code Lead} in the
 * output's serde (subject {@code <catalog topic>-value}), or null: a tombstone, written when a lookup by id answered
 * NOT_FOUND. Headers {@code rotor.fetched-at} (epoch ms) and {@code rotor.source}, plus one {@code rotor.warning} per
 * mapping warning, as on the output.
 */
public final class CatalogRecords {
    /** Where a table record's lead came from: its {@code rotor.source} header. */
    public enum Source {
        /** a lookup by id */
        LOOKUP,
        /** a page of the catalog's list, read by the full sync */
        SYNC,
        /** a page of the newest leads, read by a sweep for signalled misses */
        SWEEP;

        public String headerValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The source a header value names, or null for one this release does not know (ignored, not an error). */
        public static Source of(String headerValue) {
            for (Source s : values()) {
                if (s.headerValue().equals(headerValue)) {
                    return s;
                }
            }
            return null;
        }
    }

    private CatalogRecords() {
    }

    public static Headers headers(long fetchedAtMs, Source source, List<String> warnings) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.FETCHED_AT, Long.toString(fetchedAtMs).getBytes(StandardCharsets.UTF_8));
        headers.add(HeaderNames.SOURCE, source.headerValue().getBytes(StandardCharsets.UTF_8));
        for (String warning : warnings) {
            headers.add(HeaderNames.WARNING, warning.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** The record's {@code rotor.fetched-at}, or -1 when it has none or it is not a number. */
    public static long fetchedAt(Headers headers) {
        Header h = headers.lastHeader(HeaderNames.FETCHED_AT);
        if (h == null || h.value() == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /** The record's {@code rotor.source}, or null when it has none this release knows. */
    public static Source source(Headers headers) {
        Header h = headers.lastHeader(HeaderNames.SOURCE);
        return h == null || h.value() == null ? null : Source.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    public static List<String> warnings(Headers headers) {
        List<String> warnings = new ArrayList<>();
        for (Header h : headers.headers(HeaderNames.WARNING)) {
            if (h.value() != null) {
                warnings.add(new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return warnings;
    }

    /**
     * The partition a record keyed {@code leadId} belongs to among {@code partitions}: the producer's default for a
     * keyed record (murmur2 of the key's bytes), which is also where Kafka Streams' repartition puts a String key.
     * So a lead's table record lands on the partition of the lookup task that owns the lead.
     */
    public static int partitionOf(String leadId, int partitions) {
        return Utils.toPositive(Utils.murmur2(leadId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
