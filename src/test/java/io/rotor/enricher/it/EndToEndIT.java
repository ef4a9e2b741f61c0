package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.serde.AvroSerdeConfig;
import io.rotor.enricher.serde.LeadSerde;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Events in, Avro Leads out, on a real broker, read back with the project's own deserializer. */
@Tag("slow")
class EndToEndIT {

    @Test
    void eventsBecomeAvroLeadsDecodedByTheProjectsDeserializer() throws Exception {
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(3).catalogSize(20).noQuota()
                .latency(Duration.ofMillis(5), Duration.ofMillis(5));
        try (ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            h.startService();
            List<String> ids = h.sandbox().catalog().ids();
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = ids.get(i % ids.size());
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i)));
            }
            String unknown = Fixtures.leadId(424242);
            events.add(h.input(Fixtures.utf8(unknown), Fixtures.event(unknown)));
            events.add(h.input(null, Fixtures.utf8("not json")));
            h.produce(events);

            ConservationReport report = h.drain(Duration.ofSeconds(60));
            assertThat(report.held()).as(report.describe()).isTrue();
            assertThat(report.outputs()).isEqualTo(200);
            assertThat(report.dlq(DlqReason.NOT_FOUND.name())).isEqualTo(1);
            assertThat(report.dlq(DlqReason.INVALID_EVENT.name())).isEqualTo(1);

            // One call per lead (cache and single-flight), two for the unknown one (its NOT_FOUND retry); a start-up
            // rebalance may re-issue lookups that were in flight, at most once each. Without the cache it would be 202.
            assertThat(h.sandbox().stats().endpoint(SandboxStats.GET_LEAD)).isLessThanOrEqualTo(2L * (ids.size() + 2));

            try (LeadSerde serde = new LeadSerde()) {
                serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, h.registryUrl()), false);
                for (ConsumerRecord<byte[], byte[]> r : h.outputs()) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    Lead lead = serde.deserializer().deserialize(r.topic(), r.headers(), r.value());
                    assertThat(lead.getId()).isEqualTo(key);
                    assertThat(h.sandbox().catalog().contains(key)).isTrue();
                    assertThat(r.headers().lastHeader(HeaderNames.FETCHED_AT)).isNotNull();
                }
            }

            // Once fetched, a lead is served from the cache: a second round of events costs no call at all.
            long callsBefore = h.sandbox().stats().endpoint(SandboxStats.GET_LEAD);
            int firstRound = h.outputs().size();
            List<ProducerRecord<byte[], byte[]>> again = new ArrayList<>();
            for (String id : ids) {
                again.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", 1_000)));
            }
            h.produce(again);
            ConservationReport second = h.drain(Duration.ofSeconds(60));
            assertThat(second.held()).as(second.describe()).isTrue();
            List<ConsumerRecord<byte[], byte[]>> cached = h.outputs().subList(firstRound, h.outputs().size());
            assertThat(cached).hasSize(ids.size()).allSatisfy(r ->
                    assertThat(new String(r.headers().lastHeader(HeaderNames.CACHE_HIT).value(), StandardCharsets.UTF_8)).isEqualTo("true"));
            assertThat(h.sandbox().stats().endpoint(SandboxStats.GET_LEAD)).isEqualTo(callsBefore);
        }
    }
}
