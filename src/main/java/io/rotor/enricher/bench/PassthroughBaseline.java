package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;

/** Baseline 1: input → repartition by lead id → one Avro Lead per event, no lookup. The ceiling for warm. */
public final class PassthroughBaseline implements BenchScenario {
    public static final String NAME = "passthrough";
    public static final FigureSpec EVENTS_PER_S =
            FigureSpec.info("passthrough.events_per_s", NAME, "events/s, no lookup", "events/s");

    private final BenchRig rig;
    private final EnricherFactory factory;
    private final BenchSizes sizes;

    public PassthroughBaseline(BenchRig rig, EnricherFactory factory, BenchSizes sizes) {
        this.rig = rig;
        this.factory = factory;
        this.sizes = sizes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(EVENTS_PER_S);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = AppRun.baseline(rig, factory, NAME, sizes.partitions(),
                AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).build(),
                (settings, sandbox, r) -> Baselines.passthrough(settings.inputTopic(), settings.outputTopic(),
                        sizes.partitions(), AppRun.templateLead(sandbox.catalog()), rig.leadSerializer()))) {
            run.start();
            WarmEvents events = WarmEvents.of(run.catalog().ids(), sizes);
            return Map.of(EVENTS_PER_S.id(), Throughput.afterWarmup(run, events.warmup(), events.measured(), progress));
        }
    }
}
