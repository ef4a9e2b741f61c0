package io.rotor.enricher.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the syncer tells every instance after a sweep, through the compacted {@code <app>-sweep-watermark} topic and
 * the {@code sweep-watermark} global store (one key, {@link #KEY}). JSON with {@code "v": 1}.
 *
 * @param sweptAtMs      when the last complete sweep started (for people; coverage is the syncer's, by receipt order)
 * @param missed         the signalled misses that sweep covered (received before it started) and did not find, as many as fit in
 *                       {@link #MAX_MISSED_CHARS} (the smallest topic limit the service sets is 65 KiB)
 * @param missedComplete false when more did not fit: those wait out ENRICHER_NEW_LEAD_WAIT
 * @param offUntilMs     no sweeps before then (misses go by id at once), 0 for none
 * @param offReason      why: {@code backoff} (a poor sweep) or {@code budget} (the daily share is spent), empty for none
 * @param publishedAtMs  when it was published: a record is acted on once
 */
public record SweepWatermark(long sweptAtMs, List<String> missed, boolean missedComplete, long offUntilMs, String offReason,
                             long publishedAtMs) {
    public static final String KEY = "sweeps";
    public static final int MAX_MISSED_CHARS = 48 * 1024;
    public static final String OFF_BACKOFF = "backoff";
    public static final String OFF_BUDGET = "budget";
    static final int VERSION = 1;

    /** Before the first record: sweeps are on. */
    public static final SweepWatermark NONE = new SweepWatermark(-1, List.of(), true, 0, "", -1);

    public SweepWatermark {
        missed = List.copyOf(missed);
    }

    /** Whether one more id fits in a list that holds {@code chars} so far. */
    public static boolean fits(int chars, String leadId) {
        return chars + leadId.length() + 3 <= MAX_MISSED_CHARS;
    }

    /** Whether sweeps are off at {@code nowMs}: misses go by id at once, none is signalled. */
    public boolean offAt(long nowMs) {
        return nowMs < offUntilMs;
    }

    public byte[] encode() {
        ObjectNode n = VersionedJson.object(VERSION);
        n.put("sweptAt", sweptAtMs).put("missedComplete", missedComplete).put("offUntil", offUntilMs)
                .put("offReason", offReason).put("publishedAt", publishedAtMs);
        ArrayNode ids = n.putArray("missed");
        missed.forEach(ids::add);
        return VersionedJson.bytes(n);
    }

    /** The watermark a record holds; none, or one this release cannot read, is {@link #NONE}: misses then wait out the bound. */
    public static SweepWatermark decode(byte[] bytes) {
        return VersionedJson.decode(bytes, VERSION, NONE, n -> {
            List<String> missed = new ArrayList<>();
            n.path("missed").forEach(id -> missed.add(id.asText()));
            return new SweepWatermark(n.path("sweptAt").asLong(-1), missed, n.path("missedComplete").asBoolean(false),
                    n.path("offUntil").asLong(0), n.path("offReason").asText(""), n.path("publishedAt").asLong(-1));
        });
    }
}
