package io.rotor.enricher.bench;

import io.rotor.enricher.sandbox.SandboxOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Baseline 2: a {@code mapValues} that calls Rotor synchronously per event, against the cold scenario's sandbox
 * latency and on the first of the cold scenario's events (every one a distinct lead).
 */
public final class NaiveSyncBaseline extends RigScenario {
    public static final String NAME = "naive-sync";
    public static final FigureSpec EVENTS_PER_S =
            FigureSpec.info("naive_sync.events_per_s", NAME, "events/s, one blocking call per event", "events/s");


    public NaiveSyncBaseline(BenchRig rig, BenchSizes sizes) {
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
        try (AppRun run = AppRun.baseline(rig, "naive", sizes.partitions(),
                AppRun.sandboxOptions(sizes.naiveEvents(), sizes.coldLatency()).build(),
                (settings, sandbox, r) -> {
                    NaiveSyncRotor rotor = new NaiveSyncRotor(sandbox.baseUri(), SandboxOptions.DEFAULT_API_KEY);
                    r.closeWithRun(rotor);
                    return Baselines.naiveSync(settings.inputTopic(), settings.outputTopic(), sizes.partitions(),
                            rotor, rig.leadSerializer());
                })) {
            run.start();
            BenchEvents events = BenchEvents.distinct("naive events", run.catalog().ids(), sizes.naiveEvents());
            return Map.of(EVENTS_PER_S.id(), Throughput.measure(run, events, 0, progress));
        }
    }
}
