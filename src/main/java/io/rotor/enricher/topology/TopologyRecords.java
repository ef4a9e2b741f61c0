package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every record the topology writes, built in one place: output, retry, the dead-letter records of ingest, of the
 * lookup path and of the exception handlers, and the gate record. Each carries the input headers
 * ENRICHER_PASS_HEADERS allows (never a {@code rotor.*}, {@code __*} or schema-id header) and the envelope of
 * {@link FailureRecords}.
 */
final class TopologyRecords {
    private final Set<String> passHeaders;
    /** ENRICHER_LEAD_ID_HEADER with ENRICHER_LEAD_ID_SOURCE=header, else null: dead letters keep it for a replay. */
    private final String idHeader;

    private TopologyRecords(Set<String> passHeaders, String idHeader) {
        this.passHeaders = passHeaders;
        this.idHeader = idHeader;
    }

    /**
     * The allow-list: the names of ENRICHER_PASS_HEADERS that a producer may pass on; and in header mode the lead
     * id's header (else null), which every dead-letter record keeps.
     */
    static TopologyRecords allowing(Collection<String> passHeaderNames, String idHeader) {
        Set<String> pass = new LinkedHashSet<>();
        for (String name : passHeaderNames) {
            if (HeaderNames.passable(name)) {
                pass.add(name);
            }
        }
        return new TopologyRecords(Set.copyOf(pass), idHeader);
    }

    /** The records of the service's settings: its pass headers and, in header mode, the id header. */
    static TopologyRecords of(io.rotor.enricher.config.TopologySettings settings) {
        return allowing(settings.passHeaders(),
                settings.leadIdSource() == io.rotor.enricher.config.TopologySettings.LeadIdSource.HEADER
                        ? settings.leadId().header() : null);
    }

    /** What a repartition or retry record carries on for its event: pass headers and ingest's trusted replay count. */
    List<Header> carriedOf(Headers headers) {
        List<Header> carried = new ArrayList<>();
        for (Header h : headers) {
            if (passHeaders.contains(h.key()) || h.key().equals(HeaderNames.REPLAY_COUNT)) {
                carried.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return List.copyOf(carried);
    }

    /** An input record's pass headers, plus the replay count when ingest trusts it (the replay topic). */
    List<Header> passHeadersOf(Headers headers, Header replayCount) {
        if (replayCount == null) {
            return passHeadersOf(headers);
        }
        List<Header> pass = new ArrayList<>(passHeadersOf(headers));
        pass.add(new RecordHeader(replayCount.key(), replayCount.value()));
        return List.copyOf(pass);
    }

    /** Ingest's dead letters keep the pass headers, the lead id's header in header mode, and a trusted replay count. */
    private void copyForDeadLetter(Headers input, Header replayCount, Headers out) {
        for (Header h : input) {
            if (passHeaders.contains(h.key()) || h.key().equals(idHeader)) {
                out.add(h.key(), h.value());
            }
        }
        if (replayCount != null) {
            out.add(replayCount.key(), replayCount.value());
        }
    }

    /** The allowed headers of an input record, copied (a pending event keeps them). */
    List<Header> passHeadersOf(Headers headers) {
        if (passHeaders.isEmpty()) {
            return List.of();
        }
        List<Header> pass = new ArrayList<>();
        for (Header h : headers) {
            if (passHeaders.contains(h.key())) {
                pass.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return List.copyOf(pass);
    }

    /** Ingest's valid event: a producer's {@code rotor.*} headers replaced by its origin (and a trusted replay count). */
    Headers ingested(Headers input, Origin origin, Header replayCount) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : input) {
            if (!h.key().startsWith(HeaderNames.ROTOR_PREFIX)) {
                headers.add(h.key(), h.value());
            }
        }
        FailureRecords.writeCompactOrigin(headers, origin);
        if (replayCount != null) {
            headers.add(replayCount.key(), replayCount.value());
        }
        return headers;
    }

    /** The headers of ingest's INVALID_EVENT record (its key and value are the input's own), written at {@code nowMs}. */
    Headers invalidEvent(Headers input, Header replayCount, String problem, Origin origin, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        copyForDeadLetter(input, replayCount, headers);
        FailureRecords.writeDeadLetter(headers, DlqReason.INVALID_EVENT, problem, null, RetryState.NONE, origin, nowMs);
        return headers;
    }

    /**
     * The headers of ingest's EVENT_TOO_LARGE record: the dead-letter envelope plus the event's size, and
     * {@code rotor.dlq.value-omitted: true} when the record goes without the event's value.
     */
    Headers eventTooLarge(Headers input, Header replayCount, String problem, Origin origin, long size, boolean valueOmitted,
                          long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        copyForDeadLetter(input, replayCount, headers);
        FailureRecords.writeDeadLetter(headers, DlqReason.EVENT_TOO_LARGE, problem, null, RetryState.NONE, origin, nowMs);
        FailureRecords.putText(headers, HeaderNames.DLQ_ORIGINAL_SIZE, Long.toString(size));
        if (valueOmitted) {
            FailureRecords.putText(headers, HeaderNames.DLQ_VALUE_OMITTED, "true");
        }
        return headers;
    }

    /**
     * The STREAMS_ERROR record of an event the {@link Quarantine} holds, in place of the record the producer refused:
     * the event as it came when its output, retry or repartition record was refused; without its value and pass
     * headers (and marked {@code rotor.dlq.value-omitted: true}) when its dead-letter record was refused too.
     *
     * @param passHeaders the event's pass headers
     */
    Record<byte[], byte[]> quarantined(byte[] value, List<Header> passHeaders, Origin origin, RetryState state,
                                       Quarantine.Entry entry, long nowMs) {
        boolean withoutValue = entry.level() == Quarantine.Level.WITHOUT_VALUE;
        RecordHeaders headers = new RecordHeaders();
        if (!withoutValue) {
            for (Header h : passHeaders) {
                headers.add(h.key(), h.value());
            }
        }
        String message = "the producer refused this event's " + (withoutValue ? "dead-letter " : "") + "record ("
                + entry.cause() + "); dead-lettered when processed again"
                + (withoutValue ? ", without its value and pass headers: fetch it from the input by the origin coordinates" : "");
        FailureRecords.writeDeadLetter(headers, DlqReason.STREAMS_ERROR, message, null,
                state, origin, nowMs);
        if (withoutValue) {
            FailureRecords.putText(headers, HeaderNames.DLQ_VALUE_OMITTED, "true");
        }
        return new Record<>(origin.key(), withoutValue ? null : value, nowMs, headers);
    }

    /** The enriched record: key lead id, the serialized Lead, origin, fetched-at, cache-hit, stale, warnings, pass headers. */
    Record<String, byte[]> output(PendingEvent event, byte[] value, List<String> warnings, long fetchedAtMs,
                                  boolean cacheHit, boolean stale, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeOrigin(headers, event.origin());
        FailureRecords.putText(headers, HeaderNames.FETCHED_AT, Long.toString(fetchedAtMs));
        FailureRecords.putText(headers, HeaderNames.CACHE_HIT, Boolean.toString(cacheHit));
        FailureRecords.putText(headers, HeaderNames.STALE, Boolean.toString(stale));
        for (String warning : warnings) {
            headers.add(HeaderNames.WARNING, warning.getBytes(StandardCharsets.UTF_8));
        }
        for (Header h : event.passHeaders()) {
            headers.add(h.key(), h.value());
        }
        return new Record<>(event.leadId(), value, nowMs, headers);
    }

    /** The event parked on the retry topic until {@code notBeforeMs}: its value unchanged, keyed by its lead id. */
    Record<String, byte[]> retry(PendingEvent event, long notBeforeMs, RetryState state, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : event.passHeaders()) {
            headers.add(h.key(), h.value());
        }
        FailureRecords.writeOrigin(headers, event.origin());
        FailureRecords.writeRetry(headers, notBeforeMs, state);
        return new Record<>(event.leadId(), event.value(), nowMs, headers);
    }

    /**
     * The event's dead-letter record: the input's original key and value, its carried headers, its lead id (and in
     * header mode the id header, so a replay finds the id where the input had it).
     */
    Record<byte[], byte[]> deadLetter(PendingEvent event, DlqReason reason, String message, Throwable cause,
                                      RetryState state, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : event.passHeaders()) {
            headers.add(h.key(), h.value());
        }
        if (!event.leadId().isEmpty()) {
            FailureRecords.putText(headers, HeaderNames.LEAD_ID, event.leadId());
            if (idHeader != null && headers.lastHeader(idHeader) == null) {
                headers.add(idHeader, event.leadId().getBytes(StandardCharsets.UTF_8));
            }
        }
        FailureRecords.writeDeadLetter(headers, reason, message, cause, state, event.origin(), nowMs);
        return new Record<>(event.origin().key(), event.value(), nowMs, headers);
    }

    /**
     * A STREAMS_ERROR record for the exception handlers: the original key and value (rebuilt from the
     * {@code rotor.origin.*} headers when the failing record came through the repartition or retry topic),
     * KIP-1034 headers with the original input's coordinates, and the pass headers.
     *
     * @param headers  the failing record's headers
     * @param fallback the failing record's own coordinates and raw key, used when it carries no origin
     * @param value    the failing record's raw value: the original value (repartition and retry keep it unchanged)
     */
    ProducerRecord<byte[], byte[]> streamsError(String dlqTopic, Headers headers, Origin fallback, byte[] value,
                                                Throwable failure, long nowMs) {
        Origin origin = FailureRecords.readOrigin(headers, fallback);
        RecordHeaders out = new RecordHeaders();
        for (Header h : headers) {
            if (passHeaders.contains(h.key()) || h.key().equals(HeaderNames.REPLAY_COUNT)) {
                out.add(h.key(), h.value());
            }
        }
        String message = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        FailureRecords.writeDeadLetter(out, DlqReason.STREAMS_ERROR, message, failure, FailureRecords.readRetry(headers),
                origin, nowMs);
        return new ProducerRecord<>(dlqTopic, null, nowMs, origin.key(), value, out);
    }

    /** This instance's gate for the gate topic, keyed by the API key's fingerprint. */
    Record<String, byte[]> gate(String gateKey, GateRecord record, long nowMs) {
        return new Record<>(gateKey, GateStateJson.encode(record), nowMs);
    }
}
