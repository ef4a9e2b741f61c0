package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.ServiceHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker's process is frozen (SIGSTOP) longer than the producer's delivery timeout while lookups are in flight:
 * the outputs' sends time out, the default production handler answers RETRY, and Kafka Streams revives the tasks on
 * the same processor objects (TaskCorruptedException). The revived tasks start from their stores, the completions of
 * the lookups the first incarnation started are ignored, and every event still ends exactly once.
 *
 * <p>Under exactly-once v2 Kafka Streams 4.4 then commits the thread's other tasks on the same producer, whose
 * transaction the expired batch made abortable: that commit fails and the thread dies; the service replaces it
 * (counted), and the new thread's tasks start from their stores too. Which of the two a stall ends in depends on where
 * the stream thread was when the batch expired, so the test accepts either and requires conservation.
 */
@Tag("slow")
class BrokerStallIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration STALL = Duration.ofSeconds(8);

    @Test
    void tasksRevivedAfterAProduceTimeoutCompleteEveryEventOnce() throws Exception {
        // Slow lookups and many leads: when the broker stops, outputs are being produced and lookups are in flight.
        SandboxOptions.Builder sandbox = SandboxOptions.builder().seed(17).catalogSize(3_000).noQuota()
                .latency(Duration.ofMillis(150), Duration.ofMillis(150));
        try (LogCapture logs = new LogCapture();
             ServiceHarness h = ServiceHarness.startOnChildBroker(sandbox, ServiceHarness.fastSettings())) {
            // As KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS and KAFKA_PRODUCER_REQUEST_TIMEOUT_MS would set them.
            // A replaced thread's consumer does not leave the group: a short session keeps the rebalance short.
            h.startService(Map.of(
                    StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000",
                    StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), Long.toString(DELIVERY_TIMEOUT.toMillis()),
                    StreamsConfig.producerPrefix(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), "1000"));
            List<String> ids = h.sandbox().catalog().ids();
            h.produce(events(h, ids, 3_000));
            Awaitility.await("first results").atMost(Duration.ofSeconds(60)).until(() -> h.settled() > 50);

            h.childBroker().freeze();
            try {
                Thread.sleep(STALL.toMillis());
            } finally {
                h.childBroker().thaw();
            }

            ConservationReport report = h.drain(Duration.ofSeconds(180));
            assertThat(report.held()).as(report.describe()).isTrue();
            assertThat(report.inputs()).isEqualTo(3_000);
            // The stall did what the test is for: a produce timed out, and tasks were revived or their thread replaced.
            assertThat(logs.lines()).anyMatch(l -> l.contains("ms has passed since batch creation"))
                    .anyMatch(l -> l.contains("are corrupted. Will close the task as dirty") || l.contains("replacing it"));
            h.awaitState(KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
            assertThat(h.service().fatalReason()).isNull();
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> events(ServiceHarness h, List<String> ids, int count) {
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = ids.get(i % ids.size());
            events.add(h.input(Fixtures.utf8(id), Fixtures.event(id, "lead.viewed", i)));
        }
        return events;
    }
}
