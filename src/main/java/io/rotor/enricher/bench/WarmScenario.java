package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;

/** Warm: every lead cached before measuring; events/s against the passthrough baseline of the same run. */
public final class WarmScenario extends RigScenario {
    public static final String NAME = "warm";
    public static final FigureSpec EVENTS_PER_S = FigureSpec.info("warm.events_per_s", NAME, "events/s, all cached", "events/s");
    public static final FigureSpec VS_PASSTHROUGH = new FigureSpec("warm.vs_passthrough", NAME,
            "events/s ÷ passthrough events/s", "x", Target.atLeast(0.9, ">= 0.9x"));



    public WarmScenario(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(EVENTS_PER_S, VS_PASSTHROUGH);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        Double passthrough = thisRun.get(PassthroughBaseline.EVENTS_PER_S.id());
        if (passthrough == null) {
            throw new IllegalStateException("the passthrough baseline failed in this run; no ratio without it");
        }
        try (AppRun run = enricher(AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).build())) {
            run.start();
            WarmEvents events = WarmEvents.of(run.catalog().ids(), sizes);
            double rate = Throughput.afterWarmup(run, events.warmup(), events.measured(), progress);
            long calls = run.apiCalls();
            if (calls > sizes.warmLeads()) {
                throw new IllegalStateException("warm events made " + calls + " calls for " + sizes.warmLeads()
                        + " leads: the cache was not warm");
            }
            return Map.of(EVENTS_PER_S.id(), rate, VS_PASSTHROUGH.id(), rate / passthrough);
        }
    }
}
