package io.rotor.enricher.bench;

import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.sandbox.SandboxOptions;
import java.util.Optional;

/** What every scenario and baseline of the bench shares: its name, the rig, the enricher factory and the sizes. */
abstract class RigScenario implements BenchScenario {
    private static final int DEFAULT_MAX_IN_FLIGHT = TopologySettings.defaults().maxInFlight();

    private final String name;
    protected final BenchRig rig;
    protected final EnricherFactory factory;
    protected final BenchSizes sizes;

    RigScenario(String name, BenchRig rig, EnricherFactory factory, BenchSizes sizes) {
        this.name = name;
        this.rig = rig;
        this.factory = factory;
        this.sizes = sizes;
    }

    @Override
    public final String name() {
        return name;
    }

    /** A scenario measures the service, so it needs the service's topology in this build. */
    @Override
    public Optional<String> unavailableReason() {
        return factory.unavailableReason();
    }

    /** The service on a fresh sandbox, input and output, at the default ENRICHER_MAX_IN_FLIGHT. */
    protected AppRun enricher(SandboxOptions sandboxOptions) throws Exception {
        return AppRun.enricher(rig, factory, name, sizes.partitions(), DEFAULT_MAX_IN_FLIGHT, sandboxOptions);
    }
}
