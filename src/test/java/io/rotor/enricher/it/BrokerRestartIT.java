package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.ServiceHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker goes away mid-run and comes back on the same data: the service recovers and loses nothing. */
@Tag("slow")
class BrokerRestartIT {

    @Test
    void serviceRecoversFromABrokerRestartAndConservationHolds() throws Exception {
        // Slow lookups, so the restart hits transactions with lookups in flight and events pending.
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(5).catalogSize(200).noQuota()
                .latency(Duration.ofMillis(100), Duration.ofMillis(100));
        try (ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            h.startService();
            List<String> ids = h.sandbox().catalog().ids();
            h.produce(events(h, ids, 0, 300));
            Awaitility.await("first results").atMost(Duration.ofSeconds(60)).until(() -> h.settled() > 30);

            h.kafka().restart();
            h.produce(events(h, ids, 300, 300));

            ConservationReport report = h.drain(Duration.ofSeconds(120));
            assertThat(report.held()).as(report.describe()).isTrue();
            assertThat(report.inputs()).isEqualTo(600);
            h.awaitState(KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> events(ServiceHarness h, List<String> ids, int from, int count) {
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String id = ids.get(i % ids.size());
            events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i)));
        }
        return events;
    }
}
