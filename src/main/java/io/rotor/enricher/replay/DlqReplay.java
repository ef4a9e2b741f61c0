package io.rotor.enricher.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the dead-letter topic exactly once: reads it {@code read_committed} up to the end offsets taken at the
 * start (a run never meets its own re-failures), and per poll writes the selected records and commits the replay
 * group's offsets in one transaction ({@code sendOffsetsToTransaction}). A crash leaves the last transaction open;
 * the next run's {@code initTransactions} (same transactional id, derived from the group) aborts it, and reads on
 * from the last committed offsets, so nothing is replayed twice or skipped. A second run while one is active on the
 * group fails at once. A dry run reads the same records from the same offsets and writes and commits nothing.
 */
public final class DlqReplay {
    /** How long a poll waits; also how often progress is reported. */
    private static final Duration POLL = Duration.ofMillis(300);

    /**
     * @param group         the replay group (offsets) and, with "-producer", the transactional id
     * @param limit         stop after this many replayed records (Long.MAX_VALUE: no limit)
     * @param fromBeginning start from the DLQ's first offsets, not the group's committed ones
     * @param timeout       how long Kafka may take to answer, and to make progress between two polls
     */
    public record Options(ReplaySelection selection, String group, long limit, boolean dryRun, boolean fromBeginning,
                          Duration timeout) {
    }

    /**
     * What the run did; {@code limitReached} when it stopped at --limit before the end offsets; {@code endOffsets} the
     * DLQ's end offsets taken at the start, by partition: the run examined nothing at or past them.
     */
    public record Result(ReplayTally tally, boolean limitReached, Map<Integer, Long> endOffsets) {
        /** "0:120 1:118 2:131". */
        public String describeEndOffsets() {
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(endOffsets).forEach((p, o) -> b.append(b.length() == 0 ? "" : " ").append(p).append(':').append(o));
            return b.toString();
        }
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> end) {
        Map<Integer, Long> m = new HashMap<>();
        end.forEach((tp, o) -> m.put(tp.partition(), o));
        return m;
    }

    /** Another run holds the group: nothing was read or written. */
    public static final class GroupBusyException extends RuntimeException {
        GroupBusyException(String message) {
            super(message);
        }
    }

    private DlqReplay() {
    }

    public static Result run(Map<String, Object> clientProperties, String dlqTopic, Options options, Consumer<ReplayTally> progress) {
        try (Admin admin = Admin.create(clientProperties)) {
            List<TopicPartition> partitions = partitions(admin, dlqTopic, options.timeout());
            if (!options.dryRun()) {
                partitions(admin, options.selection().target(), options.timeout()); // the target must exist
                requireIdle(admin, options.group(), options.timeout());
            }
            if (options.dryRun()) {
                return dryRun(clientProperties, partitions, options, progress);
            }
            if (options.fromBeginning()) {
                startOver(admin, partitions, options);
            }
            return replay(clientProperties, dlqTopic, partitions, options, progress);
        }
    }

    private static Result replay(Map<String, Object> clientProperties, String dlqTopic, List<TopicPartition> partitions,
                                 Options options, Consumer<ReplayTally> progress) {
        ReplayTally tally = new ReplayTally();
        Map<String, Object> producerProps = new HashMap<>(clientProperties);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.group() + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeout().toMillis());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, options.group() + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = consumer(clientProperties, options.group())) {
            // Fences an earlier run of this group and aborts the transaction a crash left open.
            producer.initTransactions();
            consumer.subscribe(List.of(dlqTopic));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
            long replayed = 0;
            Instant lastProgress = Instant.now();
            while (true) {
                var records = consumer.poll(POLL);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                boolean limitReached = false;
                boolean began = false;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.getOrDefault(tp, 0L)) {
                        continue; // dead-lettered after the start: not this run's
                    }
                    if (replayed >= options.limit()) {
                        limitReached = true;
                        break;
                    }
                    ReplaySelection.Verdict verdict = options.selection().examine(record.headers(), record.value());
                    if (!began) {
                        producer.beginTransaction();
                        began = true;
                    }
                    if (verdict == ReplaySelection.Verdict.REPLAY) {
                        producer.send(ReplayRecords.of(options.selection().target(), record));
                        replayed++;
                    }
                    tally.count(verdict, record.headers());
                    offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
                }
                if (began) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    lastProgress = Instant.now();
                }
                progress.accept(tally);
                if (limitReached || replayed >= options.limit() && !records.isEmpty()) {
                    return new Result(tally, true, byPartition(end));
                }
                if (!consumer.assignment().isEmpty() && reachedEnd(consumer, partitions, end, options.timeout())) {
                    return new Result(tally, false, byPartition(end));
                }
                if (Duration.between(lastProgress, Instant.now()).compareTo(options.timeout()) > 0) {
                    throw new org.apache.kafka.common.errors.TimeoutException("no progress reading " + dlqTopic + " for "
                            + options.timeout().toSeconds() + " s (assigned " + consumer.assignment() + ")");
                }
            }
        } catch (ProducerFencedException fenced) {
            throw new IllegalStateException("fenced: another replay run of group " + options.group()
                    + " started; this run stops, and what it committed stays committed", fenced);
        }
    }

    /** --from-beginning: the group's offsets set to the DLQ's first ones (the group is idle: checked before). */
    private static void startOver(Admin admin, List<TopicPartition> partitions, Options options) {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> earliest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest()));
        try {
            Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
            admin.listOffsets(earliest).all().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> first.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(options.group(), first).all().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("resetting group " + options.group() + " to the DLQ's beginning failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("resetting group " + options.group() + " took longer than "
                    + options.timeout().toSeconds() + " s", e);
        }
    }

    private static Result dryRun(Map<String, Object> clientProperties, List<TopicPartition> partitions, Options options,
                                 Consumer<ReplayTally> progress) {
        ReplayTally tally = new ReplayTally();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clientProperties, options.group())) {
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = options.fromBeginning()
                    ? Map.of() : consumer.committed(new java.util.HashSet<>(partitions), options.timeout());
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
            long selected = 0;
            Instant lastProgress = Instant.now();
            while (!reachedEnd(consumer, partitions, end, options.timeout())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.getOrDefault(tp, 0L)) {
                        continue;
                    }
                    if (selected >= options.limit()) {
                        return new Result(tally, true, byPartition(end));
                    }
                    ReplaySelection.Verdict verdict = options.selection().examine(record.headers(), record.value());
                    tally.count(verdict, record.headers());
                    if (verdict == ReplaySelection.Verdict.REPLAY) {
                        selected++;
                    }
                    lastProgress = Instant.now();
                }
                progress.accept(tally);
                if (Duration.between(lastProgress, Instant.now()).compareTo(options.timeout()) > 0) {
                    throw new org.apache.kafka.common.errors.TimeoutException("no progress reading the DLQ for "
                            + options.timeout().toSeconds() + " s");
                }
            }
            return new Result(tally, false, byPartition(end));
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end, Duration timeout) {
        for (TopicPartition tp : partitions) {
            if (!consumer.assignment().contains(tp) || consumer.position(tp, timeout) < end.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> clientProperties, String group) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-consumer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(Admin admin, String topic, Duration timeout) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic " + topic + " cannot be described: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("topic " + topic + " not described within "
                    + timeout.toSeconds() + " s", e);
        }
    }

    private static void requireIdle(Admin admin, String group, Duration timeout) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(group);
            if (d != null && !d.members().isEmpty()) {
                throw new GroupBusyException("group " + group + " has " + d.members().size()
                        + " active member(s): another replay of this selection is running; wait for it (a run that crashed leaves the"
                        + " group after the consumer's session.timeout.ms, 45 s by default), or choose another --group");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("group " + group + " cannot be described: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("group " + group + " not described within "
                    + timeout.toSeconds() + " s", e);
        } catch (KafkaException e) {
            throw new IllegalStateException("group " + group + " cannot be described: " + e.getMessage(), e);
        }
    }
}
