package io.rotor.enricher.bench;

import io.rotor.enricher.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes of every scenario. The defaults are scaled down from issue 7's sizes so that the whole command
 * finishes in a few minutes on 2 cores; every one can be raised from the command line, and the sizes used are
 * printed with the results.
 *
 * @param runs             how many times every scenario and baseline runs (figures are medians)
 * @param warmupRuns       runs before those, whose figures are discarded: the first measurements in a fresh JVM
 *                         run before the JIT has compiled their paths, and bias every ratio towards whatever ran first
 * @param partitions       partitions of the input and repartition topics
 * @param events           events per throughput measurement (passthrough, warm)
 * @param warmLeads        distinct leads of the warm and latency scenarios (all cached before measuring)
 * @param coldLatency      sandbox latency of the cold scenario and the naive-sync baseline
 * @param coldInFlight     the max in-flight levels the cold scenario measures
 * @param coldSeconds      cold events per level = max in-flight × (1 s ÷ latency) × this, i.e. seconds at the bound
 * @param naiveEvents      events of the naive-sync baseline (the first ones of the cold events)
 * @param hotEvents        events of the hot-keys scenario
 * @param hotLeads         leads the hot-keys events are drawn from
 * @param hotZipfExponent  the Zipf exponent of the hot-keys draw
 * @param hotLatency       sandbox latency in the hot-keys scenario
 * @param quota            the sandbox quota in the quota scenario (per quota period, which outlasts the scenario)
 * @param quotaEvents      events of the quota scenario, each a distinct lead
 * @param slowLatency      sandbox latency of the slow-API scenario
 * @param slowBacklog      events waiting in the input when the slow-API scenario starts
 * @param slowDuration     how long the slow-API scenario watches heap and rebalances
 * @param latencyRate      input rate of the latency scenario, events/s
 * @param latencyDuration  how long the latency scenario produces at that rate
 * @param fastLatency      sandbox latency where the scenario does not set one (warm-up lookups, quota)
 * @param dayCatalog       leads in the sandbox catalog of the quota-day scenario
 * @param dayLeads         distinct existing leads its events touch, {@link #DAY_EVENTS_PER_LEAD} events each
 * @param dayPeriod        the compressed quota period over which its events are spread
 * @param dayNewLeads      leads created in the sandbox during that period, each followed by its events at once
 */
public record BenchSizes(
        int runs,
        int warmupRuns,
        int partitions,
        int events,
        int warmLeads,
        Duration coldLatency,
        List<Integer> coldInFlight,
        double coldSeconds,
        int naiveEvents,
        int hotEvents,
        int hotLeads,
        double hotZipfExponent,
        Duration hotLatency,
        int quota,
        int quotaEvents,
        Duration slowLatency,
        int slowBacklog,
        Duration slowDuration,
        int latencyRate,
        Duration latencyDuration,
        Duration fastLatency,
        int dayCatalog,
        int dayLeads,
        Duration dayPeriod,
        int dayNewLeads) {

    /** Events per lead in the quota-day scenario. */
    public static final int DAY_EVENTS_PER_LEAD = 3;

    public BenchSizes {
        coldInFlight = List.copyOf(coldInFlight);
        positive("runs", runs);
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("--warmup-runs must be 0 or more, was " + warmupRuns);
        }
        positive("partitions", partitions);
        positive("events", events);
        positive("warm-leads", warmLeads);
        positive("naive-events", naiveEvents);
        positive("hot-events", hotEvents);
        positive("hot-leads", hotLeads);
        positive("quota", quota);
        positive("quota-events", quotaEvents);
        positive("slow-backlog", slowBacklog);
        positive("latency-rate", latencyRate);
        positive("day-catalog", dayCatalog);
        positive("day-leads", dayLeads);
        if (dayLeads > dayCatalog) {
            throw new IllegalArgumentException("--day-leads must be at most --day-catalog");
        }
        if (dayNewLeads < 0) {
            throw new IllegalArgumentException("--day-new-leads must be at least 0, got " + dayNewLeads);
        }
        if (dayPeriod.isZero() || dayPeriod.isNegative()) {
            throw new IllegalArgumentException("--day-period must be positive, e.g. 60s");
        }
        if (coldInFlight.isEmpty() || coldInFlight.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--cold-in-flight needs one or more positive levels, e.g. 1,8,64");
        }
        if (coldLatency.isZero() || coldLatency.isNegative()) {
            throw new IllegalArgumentException("--cold-latency must be positive, e.g. 50ms");
        }
        if (!(coldSeconds > 0)) {
            throw new IllegalArgumentException("--cold-seconds must be positive, e.g. 4");
        }
        if (quotaEvents <= quota) {
            throw new IllegalArgumentException("--quota-events must exceed --quota, or the quota is never reached");
        }
    }

    /** Issue 7's sizes where it gives them; the cold, slow-API and latency windows kept to seconds. */
    public static BenchSizes defaults() {
        return new BenchSizes(
                3, 1, 2, 100_000, 1_000,
                Duration.ofMillis(50), List.of(1, 8, 64), 4.0, 80,
                100_000, 1_000, 1.0, Duration.ofMillis(50),
                1_000, 20_000,
                Duration.ofSeconds(10), 20_000, Duration.ofSeconds(30),
                2_000, Duration.ofSeconds(10),
                Duration.ofMillis(5),
                50_000, 20_000, Duration.ofSeconds(60), 2_000);
    }

    /** Events of the cold scenario at one max in-flight level: that many seconds at the Little's-law bound. */
    public int coldEvents(int maxInFlight) {
        double perSecondAtBound = maxInFlight * 1000.0 / coldLatency.toMillis();
        return (int) Math.max(maxInFlight, Math.round(perSecondAtBound * coldSeconds));
    }

    /** The sizes by option name, as printed with the results. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("runs", Integer.toString(runs));
        m.put("warmup-runs", Integer.toString(warmupRuns));
        m.put("partitions", Integer.toString(partitions));
        m.put("events", Integer.toString(events));
        m.put("warm-leads", Integer.toString(warmLeads));
        m.put("cold-latency", Durations.format(coldLatency));
        m.put("cold-in-flight", coldInFlight.toString().replace(" ", ""));
        StringBuilder coldEvents = new StringBuilder();
        for (int level : coldInFlight) {
            coldEvents.append(coldEvents.length() == 0 ? "" : ",").append(coldEvents(level));
        }
        m.put("cold-events", "[" + coldEvents + "]");
        m.put("naive-events", Integer.toString(naiveEvents));
        m.put("hot-events", Integer.toString(hotEvents));
        m.put("hot-leads", Integer.toString(hotLeads));
        m.put("hot-zipf", Double.toString(hotZipfExponent));
        m.put("hot-latency", Durations.format(hotLatency));
        m.put("quota", Integer.toString(quota));
        m.put("quota-events", Integer.toString(quotaEvents));
        m.put("slow-latency", Durations.format(slowLatency));
        m.put("slow-backlog", Integer.toString(slowBacklog));
        m.put("slow-duration", Durations.format(slowDuration));
        m.put("latency-rate", Integer.toString(latencyRate));
        m.put("latency-duration", Durations.format(latencyDuration));
        m.put("day-catalog", Integer.toString(dayCatalog));
        m.put("day-leads", Integer.toString(dayLeads));
        m.put("day-period", Durations.format(dayPeriod));
        m.put("day-new-leads", Integer.toString(dayNewLeads));
        return m;
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + option + " must be at least 1, got " + value);
        }
    }
}
