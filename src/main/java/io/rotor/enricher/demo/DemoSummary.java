package io.rotor.enricher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's closing table. Every number is counted, none derived from settings: events in and the results from
 * read_committed reads of the topics, API calls from the sandbox's own counter.
 *
 * @param eventsIn          events produced to the input topic
 * @param leadsOut          Lead records on the output topic
 * @param cacheHits         of those, served from the lead cache ({@code rotor.cache-hit=true})
 * @param apiCalls          lead requests the sandbox Rotor received
 * @param rateLimited       of those, answered 429
 * @param afterFirst429     requests that reached the sandbox after its first 429 (the in-flight ones)
 * @param retries           records the service parked on its retry topic
 * @param conservation      the ledger's verdict
 * @param elapsed           from the first event produced to the last result read
 */
public record DemoSummary(
        long eventsIn,
        long leadsOut,
        long cacheHits,
        long apiCalls,
        long rateLimited,
        long afterFirst429,
        long retries,
        ConservationReport conservation,
        Duration elapsed) {

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsIn / seconds;
    }

    public List<String> render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("events in", number(eventsIn), ""));
        rows.add(row("leads out", number(leadsOut), ""));
        rows.add(row("  cache hits", number(cacheHits), leadsOut == 0 ? "" : percent(cacheHits, leadsOut) + " of leads out"));
        rows.add(row("API calls", number(apiCalls), "to the sandbox Rotor, " + (eventsIn == 0 ? "0.00" : String.format(Locale.ROOT, "%.2f", (double) apiCalls / eventsIn)) + " per event"));
        rows.add(row("  429 rate limited", number(rateLimited), afterFirst429 + " arrived after the first 429 (already in flight)"));
        rows.add(row("retries", number(retries), "records parked on the retry topic"));
        rows.add(row("DLQ", number(conservation.dlq()), ""));
        for (Map.Entry<String, Long> e : conservation.dlqByReasonSorted().entrySet()) {
            rows.add(row("  " + e.getKey(), number(e.getValue()), ""));
        }
        rows.add(row("elapsed", String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0), ""));
        rows.add(row("events/s", String.format(Locale.ROOT, "%,.0f", eventsPerSecond()), ""));
        rows.add(row("conservation", conservation.held() ? "HELD" : "BROKEN",
                conservation.held()
                        ? number(conservation.outputs()) + " out + " + number(conservation.dlq()) + " DLQ = " + number(conservation.inputs()) + " in, each exactly once"
                        : conservation.describe()));
        if (!conservation.dlqBytesIntact()) {
            rows.add(row("DLQ bytes", "ALTERED", conservation.dlqAltered() + " DLQ records differ from their original event"));
        }

        int labelWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        String rule = "-".repeat(labelWidth + valueWidth + 4);
        lines.add(rule);
        for (String[] r : rows) {
            String line = "  " + pad(r[0], labelWidth) + "  " + padLeft(r[1], valueWidth);
            lines.add(r[2].isEmpty() ? line : line + "   " + r[2]);
        }
        lines.add(rule);
        return lines;
    }

    private static String[] row(String label, String value, String note) {
        return new String[] {label, value, note};
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
