package io.rotor.enricher.bench;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes bench events to an input topic, as fast as possible or at a fixed rate. */
public final class EventProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public EventProducer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: on the shared in-process broker under load, the idempotent producer was seen to restart
        // a partition's sequence at 0 and retry a rejected batch until its delivery timeout. One request in flight
        // keeps the input in order without it.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every event and waits until all are acknowledged. */
    public void sendAll(String topic, BenchEvents events, Progress progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < events.size(); i++) {
            producer.send(new ProducerRecord<>(topic, events.key(i), events.value(i)), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            if (i % 5_000 == 0) {
                progress.update("producing " + events.name() + " " + i + "/" + events.size());
            }
        }
        producer.flush();
        rethrow(failure);
    }

    /**
     * Sends the events at {@code ratePerSecond}, each with its send time as the record timestamp (the clock the
     * latency scenario measures against), and waits until all are acknowledged.
     */
    public void sendPaced(String topic, BenchEvents events, int ratePerSecond, Progress progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        double intervalNanos = 1e9 / ratePerSecond;
        for (int i = 0; i < events.size(); i++) {
            long due = start + (long) (i * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), events.key(i), events.value(i)),
                    (md, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            if (i % ratePerSecond == 0) {
                progress.update("producing " + events.name() + " at " + ratePerSecond + "/s: " + i + "/" + events.size());
            }
        }
        producer.flush();
        rethrow(failure);
    }

    /**
     * One event of a timeline, sent {@code atMs} after the timeline's start; {@code before} runs just before it is
     * sent (the creation of its lead in the sandbox, say).
     */
    public record Timed(long atMs, String key, byte[] value, Runnable before) {
    }

    /**
     * Sends the events at their times, in the order given (sorted by time), each with its send time as the record
     * timestamp; waits until all are acknowledged and returns each event's send time (epoch ms).
     */
    public long[] sendTimeline(String topic, java.util.List<Timed> events, Progress progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] sent = new long[events.size()];
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            Timed e = events.get(i);
            long wait = start + e.atMs() * 1_000_000L - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (e.before() != null) {
                e.before().run();
            }
            sent[i] = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(topic, null, sent[i], e.key(), e.value()), (md, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
            if (i % 5_000 == 0) {
                progress.update("producing the timeline: " + i + "/" + events.size());
            }
        }
        producer.flush();
        rethrow(failure);
        return sent;
    }

    private static void rethrow(AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("producing bench events failed: " + failure.get().getMessage(), failure.get());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
