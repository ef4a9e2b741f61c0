package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One event waiting for its lead (in the pending store) or for its retry time (in the parked store): the original
 * value, where it came from, the input headers ENRICHER_PASS_HEADERS names, and what earlier failures left.
 */
record PendingEvent(String leadId, byte[] value, Origin origin, List<Header> passHeaders, RetryState retry) {
    private static final int VERSION = 1;

    byte[] encode() {
        Bin.Writer w = new Bin.Writer().i32(VERSION).string(leadId).bytes(value)
                .string(origin.topic()).i32(origin.partition()).i64(origin.offset()).i64(origin.timestamp()).bytes(origin.key())
                .i32(passHeaders.size());
        for (Header h : passHeaders) {
            w.string(h.key()).bytes(h.value());
        }
        return w.i32(retry.attempts()).i64(retry.firstFailureMs())
                .string(retry.lastOutcome() == null ? null : retry.lastOutcome().name())
                .i32(retry.lastStatus()).string(retry.lastCode()).string(retry.lastMessage())
                .i32(retry.notFoundRetries()).i32(retry.badResponseRetries())
                .done();
    }

    static PendingEvent decode(byte[] data) {
        Bin.Reader r = new Bin.Reader(data);
        int version = r.i32();
        if (version != VERSION) {
            throw new IllegalStateException("pending event format " + version + " is not known to this version");
        }
        String leadId = r.string();
        byte[] value = r.bytes();
        Origin origin = new Origin(r.string(), r.i32(), r.i64(), r.i64(), r.bytes());
        int n = r.i32();
        List<Header> headers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            headers.add(new RecordHeader(r.string(), r.bytes()));
        }
        int attempts = r.i32();
        long firstFailure = r.i64();
        String outcome = r.string();
        RetryState retry = new RetryState(attempts, firstFailure, outcome == null ? null : Outcome.valueOf(outcome),
                r.i32(), r.string(), r.string(), r.i32(), r.i32());
        return new PendingEvent(leadId, value, origin, List.copyOf(headers), retry);
    }
}
