package io.rotor.enricher.replay;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;

/**
 * What a replay (or a dry run) met: every examined record by verdict, and of the records to replay their reasons,
 * origin topics, oldest and newest {@code rotor.dlq.at}, distinct lead ids (what the replay may cost in Rotor calls)
 * and a sample of them.
 */
public final class ReplayTally {
    static final int SAMPLE = 10;

    private long examined;
    private long replay;
    private long valueOmitted;
    private long maxReplays;
    private final Map<String, Long> byReason = new TreeMap<>();
    private final Map<String, Long> byOriginTopic = new TreeMap<>();
    private final Set<String> leads = new HashSet<>();
    private final List<String> sample = new ArrayList<>();
    private long withoutLeadId;
    private long oldestAt = Long.MAX_VALUE;
    private long newestAt = Long.MIN_VALUE;

    public void count(ReplaySelection.Verdict verdict, Headers headers) {
        examined++;
        switch (verdict) {
            case NOT_SELECTED -> {
                return;
            }
            case SKIP_VALUE_OMITTED -> {
                valueOmitted++;
                return;
            }
            case SKIP_MAX_REPLAYS -> {
                maxReplays++;
                return;
            }
            case REPLAY -> replay++;
        }
        byReason.merge(orDash(FailureRecords.text(headers, HeaderNames.DLQ_REASON)), 1L, Long::sum);
        byOriginTopic.merge(orDash(FailureRecords.text(headers, HeaderNames.ORIGIN_TOPIC)), 1L, Long::sum);
        String lead = FailureRecords.text(headers, HeaderNames.LEAD_ID);
        if (lead == null) {
            withoutLeadId++;
        } else if (leads.add(lead) && sample.size() < SAMPLE) {
            sample.add(lead);
        }
        String at = FailureRecords.text(headers, HeaderNames.DLQ_AT);
        if (at != null) {
            try {
                long ms = Long.parseLong(at);
                oldestAt = Math.min(oldestAt, ms);
                newestAt = Math.max(newestAt, ms);
            } catch (NumberFormatException ignored) {
                // a record another tool wrote: counted, not dated
            }
        }
    }

    public long examined() {
        return examined;
    }

    /** Records selected and not skipped: replayed, or in a dry run to be replayed. */
    public long replayed() {
        return replay;
    }

    public long skippedValueOmitted() {
        return valueOmitted;
    }

    public long skippedMaxReplays() {
        return maxReplays;
    }

    public long notSelected() {
        return examined - replay - valueOmitted - maxReplays;
    }

    public int distinctLeads() {
        return leads.size();
    }

    /** The one-line progress text. */
    public String progress() {
        return String.format("examined %,d  replayed %,d  skipped %,d", examined, replay, valueOmitted + maxReplays);
    }

    /** The summary table printed at the end. */
    public List<String> summary(boolean dryRun) {
        List<String> lines = new ArrayList<>();
        String verb = dryRun ? "to replay" : "replayed";
        lines.add(String.format("%-34s %,12d", "examined", examined));
        lines.add(String.format("%-34s %,12d", verb, replay));
        lines.add(String.format("%-34s %,12d", "skipped: value omitted", valueOmitted));
        lines.add(String.format("%-34s %,12d", "skipped: replayed too often", maxReplays));
        lines.add(String.format("%-34s %,12d", "not selected", notSelected()));
        if (replay == 0) {
            return lines;
        }
        lines.add("");
        lines.add("by reason (" + verb + "):");
        byReason.forEach((k, v) -> lines.add(String.format("  %-32s %,12d", k, v)));
        lines.add("by origin topic (" + verb + "):");
        byOriginTopic.forEach((k, v) -> lines.add(String.format("  %-32s %,12d", k, v)));
        if (oldestAt <= newestAt) {
            lines.add(String.format("%-34s %s", "oldest dead-lettered at", Instant.ofEpochMilli(oldestAt)));
            lines.add(String.format("%-34s %s", "newest dead-lettered at", Instant.ofEpochMilli(newestAt)));
        }
        lines.add(String.format("%-34s %,12d%s", "distinct leads", leads.size(),
                withoutLeadId > 0 ? String.format("  (%,d records without rotor.lead-id)", withoutLeadId) : ""));
        if (!sample.isEmpty()) {
            lines.add(String.format("%-34s %s", "sample of lead ids", String.join(", ", sample)));
        }
        return lines;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
