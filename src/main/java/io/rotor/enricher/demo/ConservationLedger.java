package io.rotor.enricher.demo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks the service's promise: every input event ends exactly once, as a Lead on the output topic or as a record
 * on the DLQ. Inputs are registered by their coordinates; results are matched back to them through the origin
 * coordinates the service writes into output and DLQ headers. It also checks that each DLQ record carries the
 * original key and value bytes. Not thread-safe: one thread feeds it.
 */
public final class ConservationLedger {
    /** How many offending coordinates a report lists, to keep a failure message readable. */
    static final int SAMPLE_LIMIT = 10;

    /** Coordinates of an input record. */
    public record InputRef(String topic, int partition, long offset) {
        public InputRef {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private static final class Entry {
        final byte[] keyDigest;
        final byte[] valueDigest;
        int outputs;
        int dlq;

        Entry(byte[] keyDigest, byte[] valueDigest) {
            this.keyDigest = keyDigest;
            this.valueDigest = valueDigest;
        }

        int results() {
            return outputs + dlq;
        }
    }

    private final Map<InputRef, Entry> inputs = new HashMap<>();
    private final Map<String, Long> dlqByReason = new TreeMap<>();
    private long outputs;
    private long dlq;
    private long unattributed;
    private long dlqAltered;
    private long settled;
    private final List<String> unattributedSamples = new ArrayList<>();
    private final List<InputRef> alteredSamples = new ArrayList<>();

    /** Registers an input record; registering the same coordinates twice is a caller error. */
    public void recordInput(InputRef origin, byte[] key, byte[] value) {
        Entry previous = inputs.putIfAbsent(origin, new Entry(digest(key), digest(value)));
        if (previous != null) {
            throw new IllegalStateException("input " + origin + " registered twice");
        }
    }

    /** Registers an output record whose origin headers named {@code origin} (null when they were missing or unreadable). */
    public void recordOutput(InputRef origin) {
        outputs++;
        Entry entry = origin == null ? null : inputs.get(origin);
        if (entry == null) {
            unattributed(origin, "output");
            return;
        }
        if (entry.results() == 0) {
            settled++;
        }
        entry.outputs++;
    }

    /** Registers a DLQ record: its origin (null when unreadable), its reason header, and its key and value bytes. */
    public void recordDlq(InputRef origin, String reason, byte[] key, byte[] value) {
        dlq++;
        dlqByReason.merge(reason == null ? "(no reason)" : reason, 1L, Long::sum);
        Entry entry = origin == null ? null : inputs.get(origin);
        if (entry == null) {
            unattributed(origin, "dlq");
            return;
        }
        if (entry.results() == 0) {
            settled++;
        }
        entry.dlq++;
        if (!Arrays.equals(entry.keyDigest, digest(key)) || !Arrays.equals(entry.valueDigest, digest(value))) {
            dlqAltered++;
            if (alteredSamples.size() < SAMPLE_LIMIT) {
                alteredSamples.add(origin);
            }
        }
    }

    private void unattributed(InputRef origin, String where) {
        unattributed++;
        if (unattributedSamples.size() < SAMPLE_LIMIT) {
            unattributedSamples.add(where + ":" + (origin == null ? "no origin headers" : origin.toString()));
        }
    }

    public long inputCount() {
        return inputs.size();
    }

    /** Inputs that have at least one result so far. */
    public long settledCount() {
        return settled;
    }

    /** Whether every registered input has a result (it may still have more: see {@link #report()}). */
    public boolean allSettled() {
        return settled == inputs.size();
    }

    public ConservationReport report() {
        long missing = 0;
        long duplicated = 0;
        List<InputRef> missingSamples = new ArrayList<>();
        List<InputRef> duplicatedSamples = new ArrayList<>();
        for (Map.Entry<InputRef, Entry> e : inputs.entrySet()) {
            int results = e.getValue().results();
            if (results == 0) {
                missing++;
                if (missingSamples.size() < SAMPLE_LIMIT) {
                    missingSamples.add(e.getKey());
                }
            } else if (results > 1) {
                duplicated++;
                if (duplicatedSamples.size() < SAMPLE_LIMIT) {
                    duplicatedSamples.add(e.getKey());
                }
            }
        }
        return new ConservationReport(inputs.size(), outputs, dlq, Map.copyOf(dlqByReason), missing, duplicated,
                unattributed, dlqAltered, missingSamples, duplicatedSamples, List.copyOf(unattributedSamples),
                List.copyOf(alteredSamples));
    }

    private static final byte[] NULL_DIGEST = new byte[0];

    private static byte[] digest(byte[] bytes) {
        if (bytes == null) {
            return NULL_DIGEST;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
