package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.rotor.LeadLister;
import io.rotor.enricher.rotor.LeadLookup;
import io.rotor.enricher.rotor.SharedGate;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.serialization.Deserializer;
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
 * @param limits         the largest records the DLQ, the output and the cache changelog accept, as start-up read them
 * @param quarantine     events whose record the producer refused, shared with {@link DeadLetterProductionHandler}
 *                       through the Streams configuration key {@link Quarantine#CONFIG}
 * @param lister         Rotor's list endpoint for the catalog sync; null without it (ENRICHER_CATALOG_SYNC=true needs it)
 */
public record TopologyPorts(
        LeadLookup lookup,
        SharedGate gate,
        String gateKey,
        Serializer<Lead> leadSerializer,
        Deserializer<Lead> leadDeserializer,
        RandomGenerator random,
        RecordLimits limits,
        Quarantine quarantine,
        LeadLister lister) {

    /** Ports for a cluster whose limits are those the service sets up itself. */
    public TopologyPorts(LeadLookup lookup, SharedGate gate, String gateKey, Serializer<Lead> leadSerializer,
                         Deserializer<Lead> leadDeserializer, RandomGenerator random) {
        this(lookup, gate, gateKey, leadSerializer, leadDeserializer, random, RecordLimits.UNKNOWN);
    }

    /** Ports for a cluster with these limits, and a quarantine of their own. */
    public TopologyPorts(LeadLookup lookup, SharedGate gate, String gateKey, Serializer<Lead> leadSerializer,
                         Deserializer<Lead> leadDeserializer, RandomGenerator random, RecordLimits limits) {
        this(lookup, gate, gateKey, leadSerializer, leadDeserializer, random, limits, new Quarantine(), null);
    }

    /** The same ports with Rotor's list endpoint, for the catalog sync. */
    public TopologyPorts withLister(LeadLister listEndpoint) {
        return new TopologyPorts(lookup, gate, gateKey, leadSerializer, leadDeserializer, random, limits, quarantine, listEndpoint);
    }

    public TopologyPorts {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(gateKey, "gateKey");
        Objects.requireNonNull(leadSerializer, "leadSerializer");
        Objects.requireNonNull(leadDeserializer, "leadDeserializer");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(quarantine, "quarantine");
    }
}
