package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.serde.LeadSerde;
import io.rotor.enricher.serde.registry.MockSchemaRegistry;
import io.rotor.enricher.testkit.FakeLeadLookup;
import io.rotor.enricher.testkit.FakeSharedGate;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.MockStoresContext;
import io.rotor.enricher.testkit.TopologyHarness;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cached output bytes meet a new registry: a hit is reframed to the current schema id, with no Rotor call. */
class SchemaIdReframeTest {
    private final TopologySettings settings = TopologyHarness.defaults();
    private final FakeLeadLookup lookup = new FakeLeadLookup();
    private final MockStoresContext mock = new MockStoresContext();
    private final String scopeA = Fixtures.uniqueScope("reframe-a");
    private final String scopeB = Fixtures.uniqueScope("reframe-b");
    private final LeadSerde serdeA = new LeadSerde();
    private final LeadSerde serdeB = new LeadSerde();
    private LookupProcessor processor;

    @AfterEach
    void tearDown() {
        if (processor != null) {
            processor.close();
        }
        mock.close();
        serdeA.close();
        serdeB.close();
        MockSchemaRegistry.dropScope(scopeA);
        MockSchemaRegistry.dropScope(scopeB);
    }

    private LookupProcessor started(LeadSerde serde) {
        TopologyPorts ports = new TopologyPorts(lookup, new FakeSharedGate(), "fp", serde.serializer(), serde.deserializer(), new SplittableRandom(1));
        LookupProcessor p = new LookupProcessor(settings, ports, LeadIdCheck.standard(256),
                new SharedRuntime(64, java.time.Duration.ofDays(3), new SimpleMeterRegistry()));
        p.init(mock.context);
        return p;
    }

    private void pipe(String id, long offset) {
        mock.context.setRecordMetadata(settings.inputTopic() + "-repartition", 0, offset);
        RecordHeaders headers = new RecordHeaders();
        io.rotor.enricher.envelope.FailureRecords.writeOrigin(headers, new Origin(settings.inputTopic(), 0, offset, 1L, utf8("k")));
        processor.process(new Record<>(id, event(id), 1L, headers));
    }

    private byte[] lastOutput() {
        List<CapturedForward<?, ?>> out = List.copyOf(mock.context.forwarded(EnricherTopology.SINK_OUTPUT));
        return (byte[]) out.get(out.size() - 1).record().value();
    }

    @Test
    void aHitAfterARegistryMigrationCarriesTheNewRegistrysIdAndDecodesThere() {
        serdeA.configure(Fixtures.mockRegistryConfig(scopeA), false);
        serdeB.configure(Fixtures.mockRegistryConfig(scopeB), false);
        // Registry B already holds another schema, so the Lead's id differs from A's.
        MockSchemaRegistry.scope(scopeB).register("other-value", "\"string\"");
        String id = leadId(1);
        lookup.answerWith(l -> TopologyHarness.foundFor(l));

        processor = started(serdeA);
        pipe(id, 0);
        mock.context.scheduledPunctuators().get(0).getPunctuator().punctuate(mock.context.currentSystemTimeMs());
        byte[] fetched = lastOutput();
        int idInA = CachedLead.schemaIdOf(fetched);

        // The service restarts against registry B: the cache still holds A's bytes.
        processor.close();
        mock.context.resetForwards();
        processor = started(serdeB);
        pipe(id, 1);
        byte[] hit = lastOutput();
        assertThat(lookup.calls()).as("no Rotor call because the registry changed").isEqualTo(1);
        int idInB = CachedLead.schemaIdOf(hit);
        assertThat(idInB).isNotEqualTo(idInA);
        Lead decoded = serdeB.deserializer().deserialize(settings.outputTopic(), hit);
        assertThat(decoded).isEqualTo(lead(id));
        assertThat(java.util.Arrays.copyOfRange(hit, 5, hit.length)).isEqualTo(java.util.Arrays.copyOfRange(fetched, 5, fetched.length));

        // The entry now holds B's framing: later hits need no reframing.
        CachedLead entry = CachedLead.decode(mock.cache.get(id));
        assertThat(entry.schemaId()).isEqualTo(idInB);
    }
}
