package io.rotor.enricher.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Hot keys: many events over few leads, drawn by a Zipf law, on a cold cache. With a cache and single-flight
 * every lead costs one call however often it repeats, even while its first lookup is still in flight.
 */
public final class HotKeysScenario extends RigScenario {
    public static final String NAME = "hot-keys";
    public static final FigureSpec CALLS_PER_LEAD = new FigureSpec("hot_keys.calls_per_distinct_lead", NAME,
            "API calls ÷ distinct leads", "calls/lead", Target.atMost(1.0, "<= 1.00"));
    public static final FigureSpec EVENTS_PER_S =
            FigureSpec.info("hot_keys.events_per_s", NAME, "events/s, cold cache", "events/s");
    static final long SEED = 1_000_003L;


    public HotKeysScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(CALLS_PER_LEAD, EVENTS_PER_S);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = enricher(AppRun.sandboxOptions(sizes.hotLeads(), sizes.hotLatency()).build())) {
            run.start();
            List<String> leads = run.catalog().ids().subList(0, sizes.hotLeads());
            BenchEvents events = BenchEvents.zipf("hot events", leads, sizes.hotEvents(), sizes.hotZipfExponent(), SEED);
            int distinct = new HashSet<>(events.leadIds()).size();
            double rate = Throughput.measure(run, events, 0, progress);
            return Map.of(CALLS_PER_LEAD.id(), (double) run.apiCalls() / distinct, EVENTS_PER_S.id(), rate);
        }
    }
}
