package io.rotor.enricher.bench;

import io.rotor.enricher.avro.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

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
        return Map.of(EVENTS_PER_S.id(), measure(rig, sizes, NAME, Baselines::passthrough, progress));
    }

    /** A passthrough-shaped topology: input, output, partitions, the template lead, the lead serializer. */
    @FunctionalInterface
    interface PassthroughShape {
        Topology build(String input, String output, int partitions, Lead template, Serializer<Lead> serializer);
    }

    /** Events/s of {@code shape} on the warm scenario's events after the same warm-up, as warm is measured. */
    static double measure(BenchRig rig, BenchSizes sizes, String name, PassthroughShape shape, Progress progress) throws Exception {
        try (AppRun run = AppRun.baseline(rig, name, sizes.partitions(),
                AppRun.sandboxOptions(sizes.warmLeads(), sizes.fastLatency()).build(),
                (settings, sandbox, r) -> shape.build(settings.inputTopic(), settings.outputTopic(),
                        sizes.partitions(), AppRun.templateLead(sandbox.catalog()), rig.leadSerializer()))) {
            run.start();
            WarmEvents events = WarmEvents.of(run.catalog().ids(), sizes);
            return Throughput.afterWarmup(run, events.warmup(), events.measured(), progress);
        }
    }
}
