package io.rotor.enricher.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Tag("slow")
class EmbeddedKafkaIT {
    private static final String TOPIC = "embedded-it";
    private static final String YAMMER_TICK_THREAD = "metrics-meter-tick-thread-";

    @Test
    void transactionsSurviveABrokerRestartAndCloseCleansUp() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Path logDir;
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            long startedAt = System.nanoTime();
            kafka.start();
            System.out.printf("embedded broker started in %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
            String bootstrap = kafka.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            logDir = kafka.logDir();

            kafka.createTopic(TOPIC, 3, Map.of("cleanup.policy", "delete"));
            try (Admin admin = Admin.create(kafka.adminConfig())) {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
                assertThat(topic.partitions()).hasSize(3);
            }
            assertThatThrownBy(() -> kafka.createTopic(TOPIC, 1))
                    .hasCauseInstanceOf(TopicExistsException.class);

            writeTransactions(bootstrap, "before-restart");
            assertThat(readCommitted(bootstrap, 10)).containsExactlyInAnyOrderElementsOf(committed("before-restart"));

            long restartAt = System.nanoTime();
            kafka.restart();
            System.out.printf("embedded broker restarted in %d ms%n", (System.nanoTime() - restartAt) / 1_000_000);
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(kafka.isRunning()).isTrue();

            writeTransactions(bootstrap, "after-restart");
            List<String> all = new ArrayList<>(committed("before-restart"));
            all.addAll(committed("after-restart"));
            assertThat(readCommitted(bootstrap, 20)).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(Files.exists(logDir)).isFalse();

        // Every thread the broker and the clients started ends, except Yammer Metrics' JVM-wide meter tick
        // threads (daemon, created once by the first broker and shared by any later one) and Awaitility's poller.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> leftover = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !threadsBefore.contains(t) && t.isAlive())
                    .filter(t -> !(t.isDaemon() && t.getName().startsWith(YAMMER_TICK_THREAD)))
                    .filter(t -> !t.getName().startsWith("awaitility"))
                    .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                    .collect(Collectors.toSet());
            assertThat(leftover).isEmpty();
        });
    }

    @Test
    void startedBrokerRejectsUnknownTopicsAndStopsIdempotently() {
        try (EmbeddedKafka kafka = EmbeddedKafka.started()) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500),
                    new StringSerializer(), new StringSerializer())) {
                // Auto-creation is off: a missing topic stays missing.
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("missing", "v")).get())
                        .hasMessageContaining("missing");
            }
            kafka.stop();
            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            long restartAt = System.nanoTime();
            kafka.restart();
            System.out.printf("embedded broker restarted in %d ms%n", (System.nanoTime() - restartAt) / 1_000_000);
            assertThat(kafka.isRunning()).isTrue();
        }
    }

    private static List<String> committed(String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(prefix + "-" + i);
        }
        return values;
    }

    /** Commits ten records and aborts five more that a read_committed consumer must never see. */
    private static void writeTransactions(String bootstrap, String prefix) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-" + prefix,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String value : committed(prefix)) {
                producer.send(new ProducerRecord<>(TOPIC, value, value));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "aborted", prefix + "-aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static List<String> readCommitted(String bootstrap, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // Read until every partition's position passes its end offset (the abort markers included),
            // so an aborted record, had it leaked, would have been seen.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        assertThat(values).hasSize(expected);
        return values;
    }
}
