package io.rotor.enricher.bench;

import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the topics an app writes, as a downstream {@code read_committed} consumer would, on its own thread:
 * counts records per topic, notes when the last one arrived, optionally collects an identity per record (to
 * account for every input event) and a histogram of receive time − input record timestamp.
 */
public final class OutputWatcher implements AutoCloseable {
    private static final long HISTOGRAM_MAX_MS = 3_600_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final BiFunction<String, ConsumerRecord<byte[], byte[]>, String> identity;
    private final Map<String, Long> counts = new HashMap<>();
    private final Set<String> identities = new HashSet<>();
    /** When each identity's first record arrived (epoch ms). */
    private final Map<String, Long> firstArrivalMs = new HashMap<>();
    private final Histogram latency = new Histogram(HISTOGRAM_MAX_MS, 3);
    private volatile long latencySinceMs = Long.MAX_VALUE;
    private volatile String latencyTopic;
    private long total;
    private long lastArrivalNanos;
    private volatile boolean running = true;
    private volatile Exception failure;

    /**
     * @param identity the identity of a record for event accounting, or null to not collect identities
     */
    public OutputWatcher(String bootstrapServers, List<String> topics,
                         BiFunction<String, ConsumerRecord<byte[], byte[]>, String> identity) {
        this.identity = identity;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            counts.put(topic, 0L);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::loop, "bench-output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on, records of {@code topic} with a timestamp at or after {@code sinceMs} go into the histogram. */
    public void recordLatency(String topic, long sinceMs) {
        synchronized (this) {
            latency.reset();
        }
        latencyTopic = topic;
        latencySinceMs = sinceMs;
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long receivedMs = System.currentTimeMillis();
                long receivedNanos = System.nanoTime();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        counts.merge(r.topic(), 1L, Long::sum);
                        total++;
                        if (identity != null) {
                            String id = identity.apply(r.topic(), r);
                            if (identities.add(id)) {
                                firstArrivalMs.put(id, receivedMs);
                            }
                        }
                        if (r.topic().equals(latencyTopic)) {
                            long inputTimestamp = inputTimestamp(r);
                            if (inputTimestamp >= latencySinceMs) {
                                latency.recordValue(Math.min(HISTOGRAM_MAX_MS, Math.max(0, receivedMs - inputTimestamp)));
                            }
                        }
                    }
                    lastArrivalNanos = receivedNanos;
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            failure = e;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * The timestamp of the input record an output record came from. The service stamps its output with the time
     * it emitted it and carries the input's timestamp in {@link HeaderNames#ORIGIN_TIMESTAMP}; a baseline's output
     * inherits the input's timestamp, as Kafka Streams does by default.
     */
    static long inputTimestamp(ConsumerRecord<byte[], byte[]> record) {
        Header origin = record.headers().lastHeader(HeaderNames.ORIGIN_TIMESTAMP);
        if (origin != null && origin.value() != null) {
            try {
                return Long.parseLong(new String(origin.value(), StandardCharsets.UTF_8));
            } catch (NumberFormatException notANumber) {
                return record.timestamp();
            }
        }
        return record.timestamp();
    }

    public synchronized long count(String topic) {
        return counts.getOrDefault(topic, 0L);
    }

    public synchronized long total() {
        return total;
    }

    public synchronized int distinctIdentities() {
        return identities.size();
    }

    /** When the first record of {@code identity} arrived (epoch ms), or -1 when none has. */
    public synchronized long firstArrivalMs(String identity) {
        return firstArrivalMs.getOrDefault(identity, -1L);
    }

    public synchronized long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** The latency histogram so far (a copy), in milliseconds. */
    public synchronized Histogram latencyMillis() {
        return latency.copy();
    }

    /**
     * Waits until {@code measure} reaches {@code expected}; reports progress meanwhile.
     *
     * @return System.nanoTime() of the poll that delivered the last needed record
     */
    public long await(ToLongFunction<OutputWatcher> measure, long expected, Duration timeout, Progress progress,
                      String what) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                if (failure != null) {
                    throw new IllegalStateException("the output consumer failed: " + failure.getMessage(), failure);
                }
                long seen = measure.applyAsLong(this);
                if (seen >= expected) {
                    return lastArrivalNanos;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(what + ": " + seen + " of " + expected + " after " + timeout.toSeconds() + " s");
                }
                progress.update(what + " " + seen + "/" + expected);
                wait(Math.max(1, Math.min(250, left / 1_000_000)));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
