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
 * original key and value bytes. A result may be read before its input's producer acknowledgement is recorded (a
 * busy machine): it waits for its input and is unattributed only if the input never comes. Not thread-safe: one
 * thread feeds it.
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

    /** A result read before its input was registered: applied when the input comes. */
    private record Early(boolean output, byte[] keyDigest, byte[] valueDigest) {
    }

    private final Map<InputRef, Entry> inputs = new HashMap<>();
    private final Map<InputRef, List<Early>> early = new HashMap<>();
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
        Entry entry = new Entry(digest(key), digest(value));
        Entry previous = inputs.putIfAbsent(origin, entry);
        if (previous != null) {
            throw new IllegalStateException("input " + origin + " registered twice");
        }
        List<Early> waiting = early.remove(origin);
        if (waiting != null) {
            for (Early result : waiting) {
                if (result.output()) {
                    applyOutput(entry);
                } else {
                    applyDlq(origin, entry, result.keyDigest(), result.valueDigest());
                }
            }
        }
    }

    /** Registers an output record whose origin headers named {@code origin} (null when they were missing or unreadable). */
    public void recordOutput(InputRef origin) {
        outputs++;
        if (origin == null) {
            unattributed(null, "output");
            return;
        }
        Entry entry = inputs.get(origin);
        if (entry == null) {
            early.computeIfAbsent(origin, o -> new ArrayList<>()).add(new Early(true, null, null));
            return;
        }
        applyOutput(entry);
    }

    private void applyOutput(Entry entry) {
        if (entry.results() == 0) {
            settled++;
        }
        entry.outputs++;
    }

    /** Registers a DLQ record: its origin (null when unreadable), its reason header, and its key and value bytes. */
    public void recordDlq(InputRef origin, String reason, byte[] key, byte[] value) {
        dlq++;
        dlqByReason.merge(reason == null ? "(no reason)" : reason, 1L, Long::sum);
        if (origin == null) {
            unattributed(null, "dlq");
            return;
        }
        Entry entry = inputs.get(origin);
        if (entry == null) {
            early.computeIfAbsent(origin, o -> new ArrayList<>()).add(new Early(false, digest(key), digest(value)));
            return;
        }
        applyDlq(origin, entry, digest(key), digest(value));
    }

    private void applyDlq(InputRef origin, Entry entry, byte[] keyDigest, byte[] valueDigest) {
        if (entry.results() == 0) {
            settled++;
        }
        entry.dlq++;
        if (!Arrays.equals(entry.keyDigest, keyDigest) || !Arrays.equals(entry.valueDigest, valueDigest)) {
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
        // Results still waiting for an input that never came are what cannot be attributed.
        long unmatched = unattributed;
        List<String> unmatchedSamples = new ArrayList<>(unattributedSamples);
        for (Map.Entry<InputRef, List<Early>> e : early.entrySet()) {
            for (Early result : e.getValue()) {
                unmatched++;
                if (unmatchedSamples.size() < SAMPLE_LIMIT) {
                    unmatchedSamples.add((result.output() ? "output:" : "dlq:") + e.getKey());
                }
            }
        }
        return new ConservationReport(inputs.size(), outputs, dlq, Map.copyOf(dlqByReason), missing, duplicated,
                unmatched, dlqAltered, missingSamples, duplicatedSamples, List.copyOf(unmatchedSamples),
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
