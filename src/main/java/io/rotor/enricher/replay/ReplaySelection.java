package io.rotor.enricher.replay;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;

/**
 * Which dead letters a replay takes, and where to: the filters of {@code replay} (reason, dead-lettered between
 * since and until by {@code rotor.dlq.at}, lead id, origin topic) and the loop guard. Pure, so every rule is tested
 * without Kafka. A record matching the filters is <em>selected</em>; a selected record is replayed unless a rule
 * skips it (its value omitted, or replayed {@code maxReplays} times already).
 *
 * @param reasons     the {@code rotor.dlq.reason}s to take; empty takes every reason
 * @param since       dead-lettered at or after (null: no bound)
 * @param until       dead-lettered before (null: no bound)
 * @param leadId      only this lead's records (null: every lead)
 * @param originTopic only records whose first input was this topic (null: every topic)
 * @param target      the topic replayed records are written to
 * @param maxReplays  a record replayed this many times already is skipped
 */
public record ReplaySelection(Set<String> reasons, Instant since, Instant until, String leadId, String originTopic,
                              String target, int maxReplays) {

    public enum Verdict { NOT_SELECTED, REPLAY, SKIP_VALUE_OMITTED, SKIP_MAX_REPLAYS }

    public ReplaySelection {
        reasons = Set.copyOf(new TreeSet<>(reasons));
        Objects.requireNonNull(target, "target");
        if (maxReplays < 0) {
            throw new IllegalArgumentException("maxReplays < 0");
        }
    }

    public Verdict examine(Headers headers, byte[] value) {
        String reason = FailureRecords.text(headers, HeaderNames.DLQ_REASON);
        if (!reasons.isEmpty() && (reason == null || !reasons.contains(reason))) {
            return Verdict.NOT_SELECTED;
        }
        if (since != null || until != null) {
            long at = number(FailureRecords.text(headers, HeaderNames.DLQ_AT));
            if (at < 0 || since != null && at < since.toEpochMilli() || until != null && at >= until.toEpochMilli()) {
                return Verdict.NOT_SELECTED;
            }
        }
        if (leadId != null && !leadId.equals(FailureRecords.text(headers, HeaderNames.LEAD_ID))) {
            return Verdict.NOT_SELECTED;
        }
        if (originTopic != null && !originTopic.equals(FailureRecords.text(headers, HeaderNames.ORIGIN_TOPIC))) {
            return Verdict.NOT_SELECTED;
        }
        if ("true".equals(FailureRecords.text(headers, HeaderNames.DLQ_VALUE_OMITTED)) || value == null) {
            return Verdict.SKIP_VALUE_OMITTED;
        }
        return replayCount(headers) >= maxReplays ? Verdict.SKIP_MAX_REPLAYS : Verdict.REPLAY;
    }

    /** How many times the record's event was replayed before ({@code rotor.replay.count}, 0 when absent). */
    public static int replayCount(Headers headers) {
        long n = number(FailureRecords.text(headers, HeaderNames.REPLAY_COUNT));
        return n < 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** The filters and the target as one line: what the group's hash is taken over, and what the command prints. */
    public String describe() {
        return "reason=" + (reasons.isEmpty() ? "*" : String.join(",", new TreeSet<>(reasons)))
                + " since=" + (since == null ? "*" : since) + " until=" + (until == null ? "*" : until)
                + " lead-id=" + (leadId == null ? "*" : leadId) + " origin-topic=" + (originTopic == null ? "*" : originTopic)
                + " to=" + target;
    }

    /**
     * The replay group of this selection: {@code <application id>-replay-<8 hex digits of SHA-256 of describe()>}.
     * The same selection continues where the last run stopped; a different one starts from the beginning.
     */
    public String group(String applicationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(describe().getBytes(StandardCharsets.UTF_8));
            return applicationId + "-replay-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static long number(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
