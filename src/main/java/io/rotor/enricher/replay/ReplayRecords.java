package io.rotor.enricher.replay;

import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The record {@code replay} writes for a dead letter: the original key and value, the original's headers the dead
 * letter kept (its pass headers, and the id header in header mode), the first input's {@code rotor.origin.*}, and
 * {@code rotor.replay.count} one higher. The dead letter's own {@code rotor.dlq.*}, {@code rotor.error.*} and
 * {@code __streams.errors.*} headers stay behind: the replayed event starts afresh.
 */
public final class ReplayRecords {
    private static final String ORIGIN_PREFIX = "rotor.origin.";

    private ReplayRecords() {
    }

    public static ProducerRecord<byte[], byte[]> of(String target, ConsumerRecord<byte[], byte[]> dead) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : dead.headers()) {
            boolean own = h.key().startsWith(HeaderNames.ROTOR_PREFIX) || h.key().startsWith("__");
            if (!own || h.key().startsWith(ORIGIN_PREFIX)) {
                headers.add(h.key(), h.value());
            }
        }
        int count = ReplaySelection.replayCount(dead.headers()) + 1;
        headers.add(HeaderNames.REPLAY_COUNT, Integer.toString(count).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(target, null, null, dead.key(), dead.value(), headers);
    }
}
