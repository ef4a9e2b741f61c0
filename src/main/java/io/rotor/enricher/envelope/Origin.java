package io.rotor.enricher.envelope;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where an event was first read: the input record's coordinates and raw key, carried through the repartition
 * and retry topics so the dead-letter record can be rebuilt byte for byte.
 *
 * @param key the input record's raw key, null when the input record had none
 */
public record Origin(String topic, int partition, long offset, long timestamp, byte[] key) {
    public Origin {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && topic.equals(other.topic) && partition == other.partition
                && offset == other.offset && timestamp == other.timestamp && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestamp, Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
