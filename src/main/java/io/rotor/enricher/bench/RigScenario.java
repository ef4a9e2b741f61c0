package io.rotor.enricher.bench;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.sandbox.SandboxOptions;

/** What every scenario and baseline of the bench shares: its name, the rig and the sizes. */
abstract class RigScenario implements BenchScenario {
    private static final int DEFAULT_MAX_IN_FLIGHT = TopologySettings.defaults().maxInFlight();

    private final String name;
    protected final BenchRig rig;
    protected final BenchSizes sizes;

    RigScenario(String name, BenchRig rig, BenchSizes sizes) {
        this.name = name;
        this.rig = rig;
        this.sizes = sizes;
    }

    @Override
    public final String name() {
        return name;
    }


    /** The service on a fresh sandbox, input and output, at the default ENRICHER_MAX_IN_FLIGHT. */
    protected AppRun enricher(SandboxOptions sandboxOptions) throws Exception {
        return AppRun.enricher(rig, name, sizes.partitions(), DEFAULT_MAX_IN_FLIGHT, sandboxOptions);
    }
}
