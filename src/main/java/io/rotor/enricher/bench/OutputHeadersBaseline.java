package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A diagnostic baseline: the passthrough writing the headers of the service's output. Its ratio to the passthrough
 * of the same run is what the output's public headers cost (broker, producer and the downstream consumer, on the
 * same cores), the part of the warm ratio no change of the hit path can win back.
 */
public final class OutputHeadersBaseline extends RigScenario {
    public static final String NAME = "output-headers";
    public static final FigureSpec EVENTS_PER_S = FigureSpec.info("output_headers.events_per_s", NAME,
            "events/s, passthrough with the output's headers", "events/s");
    public static final FigureSpec VS_PASSTHROUGH = FigureSpec.info("output_headers.vs_passthrough", NAME,
            "events/s ÷ passthrough events/s", "x");
    public static final FigureSpec WARM_VS = FigureSpec.info("output_headers.warm_vs", NAME,
            "warm events/s ÷ these events/s (the hit path beyond its headers)", "x");

    private final boolean afterWarm;

    /** @param afterWarm whether the warm scenario runs before this one in each run, so the warm ÷ this ratio is measured */
    public OutputHeadersBaseline(BenchRig rig, BenchSizes sizes, boolean afterWarm) {
        super(NAME, rig, sizes);
        this.afterWarm = afterWarm;
    }

    /** A baseline does not run the service, so it runs whatever this build's topology. */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public List<FigureSpec> figures() {
        return afterWarm ? List.of(EVENTS_PER_S, VS_PASSTHROUGH, WARM_VS) : List.of(EVENTS_PER_S, VS_PASSTHROUGH);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        Double passthrough = thisRun.get(PassthroughBaseline.EVENTS_PER_S.id());
        if (passthrough == null) {
            throw new IllegalStateException("the passthrough baseline failed in this run; no ratio without it");
        }
        double rate = PassthroughBaseline.measure(rig, sizes, NAME, Baselines::passthroughWithOutputHeaders, progress);
        Double warm = thisRun.get(WarmScenario.EVENTS_PER_S.id());
        if (afterWarm && warm == null) {
            throw new IllegalStateException("the warm scenario failed in this run; no warm ratio without it");
        }
        return afterWarm
                ? Map.of(EVENTS_PER_S.id(), rate, VS_PASSTHROUGH.id(), rate / passthrough, WARM_VS.id(), warm / rate)
                : Map.of(EVENTS_PER_S.id(), rate, VS_PASSTHROUGH.id(), rate / passthrough);
    }
}
