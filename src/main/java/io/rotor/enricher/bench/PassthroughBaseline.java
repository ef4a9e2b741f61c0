package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Baseline 1: input → repartition by lead id → one Avro Lead per event, no lookup. The ceiling for warm. */
public final class PassthroughBaseline extends RigScenario {
    public static final String NAME = "passthrough";
    public static final FigureSpec EVENTS_PER_S =
            FigureSpec.info("passthrough.events_per_s", NAME, "events/s, no lookup", "events/s");


    public PassthroughBaseline(BenchRig rig, BenchSizes sizes) {
        super(NAME, rig, sizes);
    }

    /** A baseline does not run the service, so it runs whatever this build's topology. */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(EVENTS_PER_S);
    }

    @Override
    public Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception {
        try (AppRun run = AppRun.baseline(rig, NAME, sizes.partitions(),
                AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).build(),
                (settings, sandbox, r) -> Baselines.passthrough(settings.inputTopic(), settings.outputTopic(),
                        sizes.partitions(), AppRun.templateLead(sandbox.catalog()), rig.leadSerializer()))) {
            run.start();
            WarmEvents events = WarmEvents.of(run.catalog().ids(), sizes);
            return Map.of(EVENTS_PER_S.id(), Throughput.afterWarmup(run, events.warmup(), events.measured(), progress));
        }
    }
}
