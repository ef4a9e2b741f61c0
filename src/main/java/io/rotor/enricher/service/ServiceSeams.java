package io.rotor.enricher.service;

import io.rotor.enricher.rotor.LeadLookup;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What may differ between {@code run}, the demo, the bench and the real-broker tests when they start the service.
 * Everything else (topics, client, serde, topology, Kafka Streams and their settings) comes from the
 * {@link io.rotor.enricher.config.EnricherConfig}; extra Kafka Streams properties travel there too, as the
 * {@code KAFKA_*} pass-through does in production.
 *
 * @param clock           the clock of the Rotor client, the gate and the thread-replacement window
 * @param lookupDecorator wraps the Rotor client's lookup before the topology sees it (the bench counts calls)
 * @param healthServer    serve {@code /health/*} and {@code /metrics} on ENRICHER_HTTP_PORT
 * @param observer        told of every Kafka Streams state change and stream-thread failure
 */
public record ServiceSeams(Clock clock, UnaryOperator<LeadLookup> lookupDecorator, boolean healthServer,
                           StreamsObserver observer) {

    public ServiceSeams {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lookupDecorator, "lookupDecorator");
        Objects.requireNonNull(observer, "observer");
    }

    /** What {@code run} uses: the system clock, the client as it is, the health server on. */
    public static ServiceSeams production() {
        return new ServiceSeams(Clock.systemUTC(), UnaryOperator.identity(), true, StreamsObserver.NONE);
    }

    /** The service inside another program (demo, bench, tests): as production, without the health server. */
    public static ServiceSeams embedded() {
        return production().withHealthServer(false);
    }

    public ServiceSeams withClock(Clock clock) {
        return new ServiceSeams(clock, lookupDecorator, healthServer, observer);
    }

    public ServiceSeams withLookupDecorator(UnaryOperator<LeadLookup> decorator) {
        return new ServiceSeams(clock, decorator, healthServer, observer);
    }

    public ServiceSeams withHealthServer(boolean on) {
        return new ServiceSeams(clock, lookupDecorator, on, observer);
    }

    public ServiceSeams withObserver(StreamsObserver observer) {
        return new ServiceSeams(clock, lookupDecorator, healthServer, observer);
    }

    /** Sees what the service's own state listener and uncaught-exception handler see; the service keeps deciding. */
    public interface StreamsObserver {
        StreamsObserver NONE = new StreamsObserver() {
        };

        default void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        }

        default void onThreadFailure(Throwable failure) {
        }
    }
}
