package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.app.Main;
import io.rotor.enricher.demo.EmbeddedKafka;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.testkit.ChildService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 1: {@code replay} on a real broker. Dead letters are written here in the service's format (the
 * service's own dead letters and a replay through it are in {@link ReplayThroughTheServiceIT}).
 */
@Tag("slow")
class ReplayIT {
    /** Two hours ago: dead letters are recent (the embedded broker keeps 24 h, and deletes older segments). */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(2));
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.started();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A dead letter as the service writes it; {@code n} is its origin offset, so every record is told apart. */
    private static void deadLetter(String dlq, long n, String reason, Instant at, String lead, String originTopic,
                                   int replayCount, boolean valueOmitted) {
        RecordHeaders h = new RecordHeaders();
        h.add("trace-id", utf8("trace-" + n));
        h.add(HeaderNames.STREAMS_ERROR_MESSAGE, utf8("x"));
        h.add(HeaderNames.DLQ_REASON, utf8(reason));
        h.add(HeaderNames.DLQ_AT, utf8(Long.toString(at.toEpochMilli())));
        h.add(HeaderNames.ERROR_OUTCOME, utf8(reason));
        h.add(HeaderNames.ORIGIN_TOPIC, utf8(originTopic));
        h.add(HeaderNames.ORIGIN_PARTITION, utf8("0"));
        h.add(HeaderNames.ORIGIN_OFFSET, utf8(Long.toString(n)));
        h.add(HeaderNames.ORIGIN_TIMESTAMP, utf8(Long.toString(at.toEpochMilli() - 1000)));
        if (lead != null) {
            h.add(HeaderNames.LEAD_ID, utf8(lead));
        }
        if (replayCount > 0) {
            h.add(HeaderNames.REPLAY_COUNT, utf8(Integer.toString(replayCount)));
        }
        if (valueOmitted) {
            h.add(HeaderNames.DLQ_VALUE_OMITTED, utf8("true"));
        }
        byte[] value = valueOmitted ? null : utf8("{\"lead_id\":\"" + lead + "\",\"n\":" + n + "}");
        producer.send(new ProducerRecord<>(dlq, null, at.toEpochMilli(), utf8("key-" + n), value, h));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        var h = r.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> env(String app, String dlq, String replay) {
        Map<String, String> env = new HashMap<>();
        env.put("ROTOR_API_KEY", "rk_test_REPLAYSECRET");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("ENRICHER_APPLICATION_ID", app);
        env.put("ENRICHER_DLQ_TOPIC", dlq);
        env.put("ENRICHER_REPLAY_TOPIC", replay);
        // A killed run's member leaves the group after this (Kafka's default is 45 s).
        env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        return env;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run replay(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.commandLine(env, new PrintWriter(out), new PrintWriter(err)).execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    /** Everything committed on {@code topic}, read_committed from the beginning. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read " + topic + " to its end").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static String groupOf(String out) {
        return out.lines().filter(l -> l.strip().startsWith("group:")).findFirst().orElseThrow()
                .replaceAll(".*group:\\s+(\\S+).*", "$1");
    }

    @Test
    void aSecondRunIsFencedAndACrashMidReplayAndARerunReplayEveryRecordExactlyOnce(@TempDir Path temp) throws Exception {
        String dlq = "crash-dlq";
        String replay = "crash-replay";
        kafka.createTopic(dlq, 3);
        kafka.createTopic(replay, 3);
        int records = 60_000;
        for (int i = 0; i < records; i++) {
            deadLetter(dlq, i, "NOT_FOUND", T0, "lead-" + (i % 500), "lead-events", 0, false);
        }
        producer.flush();
        Map<String, String> env = env("replay-crash-app", dlq, replay);
        String group = groupOf(replay(env, "--dry-run", "--limit", "1").out());

        try (Admin admin = Admin.create(kafka.adminConfig());
             ChildService child = ChildService.command(env, temp.resolve("replay.log"), "replay")) {
            Awaitility.await("the child replay has committed a first transaction").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        assertThat(child.isAlive()).as("the child finished before it could be stopped:%n%s", child.output()).isTrue();
                        return committed(admin, group) > 0;
                    });
            ConsumerGroupDescription running = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            assertThat(running.members()).isNotEmpty();

            // A second run of the same selection while the first is active: refused at once, nothing written.
            long start = System.nanoTime();
            Run second = replay(env);
            assertThat(second.code()).as(second.out() + second.err()).isEqualTo(1);
            assertThat(second.err()).contains("another replay of this selection is running");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

            child.kill(); // SIGKILL mid-run: its open transaction stays open until the rerun's initTransactions aborts it
            long committedAtKill = committed(admin, group);
            System.out.printf("ReplayIT: child killed with %d of %d records committed%n", committedAtKill, records);
            assertThat(committedAtKill).as("killed mid-run").isBetween(1L, records - 1L);
        }

        Awaitility.await("the killed member leaves the group").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = Admin.create(kafka.adminConfig())) {
                        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().isEmpty();
                    }
                });
        Run rerun = replay(env);
        assertThat(rerun.code()).as(rerun.out() + rerun.err()).isZero();
        System.out.print(rerun.out());

        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(replay);
        Set<String> origins = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : replayed) {
            assertThat(origins.add(text(r, HeaderNames.ORIGIN_OFFSET))).as("replayed twice: %s", text(r, HeaderNames.ORIGIN_OFFSET)).isTrue();
            assertThat(text(r, HeaderNames.REPLAY_COUNT)).isEqualTo("1");
        }
        assertThat(replayed).hasSize(records);

        // Run again: the group is at the end, nothing more is replayed.
        Run again = replay(env);
        assertThat(again.code()).isZero();
        assertThat(again.out()).containsPattern("replayed\\s+0\\b");
        assertThat(readAll(replay)).hasSize(records);
    }

    @Test
    void filtersTheLoopGuardTheDryRunAndTheLimitSelectExactlyWhatTheySay() {
        String dlq = "filters-dlq";
        String replay = "filters-replay";
        kafka.createTopic(dlq, 2);
        kafka.createTopic(replay, 2);
        kafka.createTopic("filters-to", 1);
        long n = 0;
        for (int i = 0; i < 10; i++) {
            deadLetter(dlq, n++, "NOT_FOUND", T0.plusSeconds(i), "lead-a", "lead-events", 0, false);
        }
        for (int i = 0; i < 3; i++) {
            deadLetter(dlq, n++, "NOT_FOUND", T0, "lead-a", "lead-events", 3, false); // replayed thrice already
        }
        for (int i = 0; i < 2; i++) {
            deadLetter(dlq, n++, "NOT_FOUND", T0, "lead-a", "lead-events", 2, false); // a third time is allowed
        }
        for (int i = 0; i < 4; i++) {
            deadLetter(dlq, n++, "NOT_FOUND", T0, "lead-c", "other-events", 0, false);
        }
        for (int i = 0; i < 5; i++) {
            deadLetter(dlq, n++, "RETRIES_EXHAUSTED", i < 2 ? T0 : T0.plus(Duration.ofHours(1)), "lead-b", "lead-events", 0, false);
        }
        deadLetter(dlq, n++, "EVENT_TOO_LARGE", T0, null, "lead-events", 0, true);
        producer.flush();
        Map<String, String> env = env("replay-filters-app", dlq, replay);

        Run dry = replay(env, "--reason", "NOT_FOUND", "--dry-run");
        System.out.print(dry.out()); // docs/OPERATIONS.md shows this output
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).containsPattern("to replay\\s+16\\b").containsPattern("skipped: replayed too often\\s+3\\b")
                .containsPattern("not selected\\s+6\\b").containsPattern("distinct leads\\s+2\\b")
                .contains("lead-events", "other-events", "lead-a", "lead-c", T0.toString(), T0.plusSeconds(9).toString());
        assertThat(readAll(replay)).as("a dry run writes nothing").isEmpty();

        Run notFound = replay(env, "--reason", "NOT_FOUND", "--origin-topic", "lead-events");
        assertThat(notFound.code()).as(notFound.err()).isZero();
        assertThat(notFound.out()).as("the dry run committed nothing").containsPattern("replayed\\s+12\\b");
        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(replay);
        assertThat(replayed).hasSize(12).allSatisfy(r -> {
            assertThat(text(r, HeaderNames.ORIGIN_TOPIC)).isEqualTo("lead-events");
            assertThat(text(r, HeaderNames.DLQ_REASON)).isNull();
            assertThat(text(r, "trace-id")).startsWith("trace-");
        });
        assertThat(replayed).filteredOn(r -> "3".equals(text(r, HeaderNames.REPLAY_COUNT))).hasSize(2);

        Run since = replay(env, "--reason", "RETRIES_EXHAUSTED", "--since", T0.plus(Duration.ofMinutes(30)).toString(),
                "--to", "filters-to");
        assertThat(since.code()).as(since.err()).isZero();
        assertThat(readAll("filters-to")).hasSize(3);

        // --limit: two now, the rest on the rerun of the same selection, none twice.
        Run first = replay(env, "--lead-id", "lead-b", "--limit", "2", "--to", "filters-to");
        assertThat(first.out()).contains("Stopped at --limit 2; rerun the same selection to continue.");
        Run rest = replay(env, "--lead-id", "lead-b", "--to", "filters-to");
        assertThat(rest.out()).containsPattern("replayed\\s+3\\b");
        List<ConsumerRecord<byte[], byte[]>> to = readAll("filters-to");
        assertThat(to).hasSize(8);
        assertThat(to.stream().map(r -> text(r, HeaderNames.ORIGIN_OFFSET)).distinct().count()).as("3 by --since, 5 by --lead-id")
                .isEqualTo(5);

        // --from-beginning starts the selection over, deliberately.
        Run over = replay(env, "--lead-id", "lead-b", "--to", "filters-to", "--from-beginning");
        assertThat(over.out()).containsPattern("replayed\\s+5\\b");

        Run bad = replay(env, "--reason", "NOPE");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--reason", "is not a reason", "NOT_FOUND");
    }

    @Test
    void aRunStopsAtTheEndOffsetsTakenAtItsStartWhileTheDlqGrows() throws Exception {
        String dlq = "bound-dlq";
        String replay = "bound-replay";
        kafka.createTopic(dlq, 2);
        kafka.createTopic(replay, 2);
        for (int i = 0; i < 20_000; i++) {
            deadLetter(dlq, i, "NOT_FOUND", T0, "lead-" + (i % 50), "lead-events", 0, false);
        }
        producer.flush();
        Map<String, String> env = env("replay-bound-app", dlq, replay);
        AtomicBoolean replaying = new AtomicBoolean(true);
        CompletableFuture<Long> appended = CompletableFuture.supplyAsync(() -> {
            long n = 1_000_000;
            while (replaying.get()) {
                deadLetter(dlq, n++, "NOT_FOUND", T0, "lead-late", "lead-events", 0, false);
                producer.flush();
            }
            return n - 1_000_000;
        });
        Run run;
        try {
            run = replay(env);
        } finally {
            replaying.set(false);
        }
        long late = appended.get(30, TimeUnit.SECONDS);
        System.out.print(run.out());
        assertThat(run.code()).as(run.err()).isZero();
        String ends = run.out().lines().filter(l -> l.contains("end offsets taken at the start")).findFirst().orElseThrow();
        long atStart = 0;
        for (String part : ends.substring(ends.indexOf("):") + 2).trim().split(" ")) {
            atStart += Long.parseLong(part.split(":")[1]);
        }
        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(replay);
        System.out.printf("ReplayIT: %d dead letters at the start, %d appended during the run, %d replayed%n", atStart, late, replayed.size());
        assertThat(late).isPositive();
        assertThat(atStart).isGreaterThanOrEqualTo(20_000);
        assertThat((long) replayed.size()).isEqualTo(atStart);
        assertThat(run.out()).containsPattern("replayed\\s+" + String.format("%,d", atStart) + "\\b");

        Run next = replay(env);
        assertThat(next.code()).isZero();
        assertThat((long) readAll(replay).size()).as("the rerun takes the rest").isEqualTo(20_000 + late);
    }
}
