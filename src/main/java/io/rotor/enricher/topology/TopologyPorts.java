package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.SharedGate;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Everything the topology needs from outside, so {@code EnricherTopology.build(settings, ports)} stays pure:
 * tests pass fakes, the runner passes the real Rotor client, its gate and the configured serde.
 *
 * @param lookup         the Rotor lookup (async, never completes exceptionally)
 * @param gate           the client's quota gate, shared through the gate topic
 * @param gateKey        the gate topic's record key: a fingerprint of the API key, never the key
 * @param leadSerializer a configured serializer for the output value (subject {@code <output topic>-value}); called
 *                       once per fetched lead through {@code serialize(topic, lead)}, and its bytes are cached and
 *                       re-emitted for every hit, so they must not depend on record headers or on when it is called
 * @param random         jitter for retry back-off; tests pass a seeded one
 * @param deadLetterLimitBytes the largest dead-letter record the DLQ topic and the producer accept, as start-up read
 *                       them (min of the DLQ's {@code max.message.bytes} and {@code max.request.size}); 0 when unknown:
 *                       then the limit the service gives the topics it creates
 */
public record TopologyPorts(
        LeadLookup lookup,
        SharedGate gate,
        String gateKey,
        Serializer<Lead> leadSerializer,
        RandomGenerator random,
        int deadLetterLimitBytes) {

    /** Ports for a cluster whose limits are those the service sets up itself. */
    public TopologyPorts(LeadLookup lookup, SharedGate gate, String gateKey, Serializer<Lead> leadSerializer,
                         RandomGenerator random) {
        this(lookup, gate, gateKey, leadSerializer, random, 0);
    }

    public TopologyPorts {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(gateKey, "gateKey");
        Objects.requireNonNull(leadSerializer, "leadSerializer");
        Objects.requireNonNull(random, "random");
        if (deadLetterLimitBytes < 0) {
            throw new IllegalArgumentException("deadLetterLimitBytes must be 0 (unknown) or positive, was " + deadLetterLimitBytes);
        }
    }
}
