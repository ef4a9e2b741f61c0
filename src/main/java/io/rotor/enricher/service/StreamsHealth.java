package io.rotor.enricher.service;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** Health from the Kafka Streams state, the stream-thread replacement in progress, and the registry check. */
public final class StreamsHealth implements HealthProbe {
    private final Supplier<KafkaStreams.State> state;
    private final BooleanSupplier replacingThread;
    private final BooleanSupplier registryReachable;

    /**
     * @param state             the current Kafka Streams state
     * @param replacingThread   true from a stream thread's failure until Streams is RUNNING again
     * @param registryReachable a cached, short-timeout check of the Schema Registry
     */
    public StreamsHealth(Supplier<KafkaStreams.State> state, BooleanSupplier replacingThread,
                         BooleanSupplier registryReachable) {
        this.state = state;
        this.replacingThread = replacingThread;
        this.registryReachable = registryReachable;
    }

    @Override
    public Verdict liveness() {
        KafkaStreams.State s = state.get();
        boolean alive = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
        return new Verdict(alive, "kafka streams " + s);
    }

    @Override
    public Verdict readiness() {
        KafkaStreams.State s = state.get();
        if (s != KafkaStreams.State.RUNNING) {
            return new Verdict(false, "kafka streams " + s);
        }
        if (replacingThread.getAsBoolean()) {
            return new Verdict(false, "a failed stream thread is being replaced");
        }
        if (!registryReachable.getAsBoolean()) {
            return new Verdict(false, "schema registry unreachable");
        }
        return new Verdict(true, "kafka streams RUNNING, schema registry reachable");
    }
}
