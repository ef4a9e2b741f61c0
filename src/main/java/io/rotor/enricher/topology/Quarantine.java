package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.Origin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events whose record the producer refused although every check before the send passed (a topic's limits lowered
 * under the running service, or a case nobody foresaw). Under exactly-once a refused send aborts the whole
 * transaction: the task is processed again from its last commit, where the same record would fail again, forever.
 * The production handler puts the event's origin here; processed again, the event goes to the DLQ as STREAMS_ERROR
 * instead of that record, and when the refused record was its dead-letter record, without its value. One instance
 * is shared by the handlers of every stream thread and the processors of one KafkaStreams; bounded, in memory
 * (a restart of the process meets the refusal once more, then quarantines again).
 */
public final class Quarantine {
    /** The Streams config key under which the handlers find this instance. */
    public static final String CONFIG = "rotor.enricher.quarantine";
    static final int CAPACITY = 10_000;

    public enum Level {
        /** The event's output, retry or repartition record was refused: dead-letter the event instead. */
        DEAD_LETTER,
        /** Its dead-letter record was refused too: dead-letter it without value, pass headers or stack trace. */
        WITHOUT_VALUE
    }

    /** @param cause what the producer said, for the dead-letter record */
    public record Entry(Level level, String cause) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Read without the lock on every emitted record: almost always zero, so the hot path takes no lock. */
    private volatile int size;
    /** Entries whose stream-thread failure the replacement policy has not yet taken as expected. */
    private int unclaimed;

    /**
     * Quarantines the event at {@code origin}; false when it already was at this level or above, so the refusal
     * is not one the quarantine can get past.
     */
    public synchronized boolean add(Origin origin, Level level, String cause) {
        Entry existing = entries.get(key(origin.topic(), origin.partition(), origin.offset()));
        if (existing != null && existing.level().compareTo(level) >= 0) {
            return false;
        }
        entries.put(key(origin.topic(), origin.partition(), origin.offset()), new Entry(level, cause));
        size = entries.size();
        unclaimed++;
        return true;
    }

    /** The entry of the event first read at these coordinates, or null. */
    public Entry of(String topic, int partition, long offset) {
        if (size == 0) {
            return null;
        }
        synchronized (this) {
            return entries.get(key(topic, partition, offset));
        }
    }

    Entry of(Origin origin) {
        return of(origin.topic(), origin.partition(), origin.offset());
    }

    /**
     * True once per quarantined event: the stream-thread failure its refused send causes is expected, and the
     * replaced thread gets past it, so it need not count toward giving up.
     */
    public synchronized boolean claimFailure() {
        if (unclaimed == 0) {
            return false;
        }
        unclaimed--;
        return true;
    }

    private static String key(String topic, int partition, long offset) {
        return topic + '\u0000' + partition + '\u0000' + offset;
    }
}
