package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.HeaderNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Every source's timestamp extractor ({@code default.timestamp.extractor}): a record's own timestamp when it is valid
 * (0 or more), else the partition time, else the wall clock. Kafka's default extractor throws on a negative timestamp
 * (legacy or raw-protocol producers write -1), which would stop the stream thread on every restart; the skipping one
 * would drop the event. The raw value is kept for ingest in {@link HeaderNames#SOURCE_TIMESTAMP}, so the output's
 * {@code rotor.origin.timestamp} still says what the producer wrote.
 */
public final class SourceTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        // Always cleared first: a producer cannot hand ingest a timestamp of its choosing.
        record.headers().remove(HeaderNames.SOURCE_TIMESTAMP);
        long own = record.timestamp();
        if (own >= 0) {
            return own;
        }
        record.headers().add(HeaderNames.SOURCE_TIMESTAMP, Long.toString(own).getBytes(StandardCharsets.UTF_8));
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }

    /** The timestamp the producer wrote: the extractor's note if it left one (removed here), else {@code extracted}. */
    static long takeSourceTimestamp(Headers headers, long extracted) {
        Header note = headers.lastHeader(HeaderNames.SOURCE_TIMESTAMP);
        if (note == null) {
            return extracted;
        }
        headers.remove(HeaderNames.SOURCE_TIMESTAMP);
        try {
            return Long.parseLong(new String(note.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException | NullPointerException unreadable) {
            return extracted;
        }
    }
}
