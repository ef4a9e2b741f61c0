package io.rotor.enricher.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The leads table's records all get timestamp 0. A task takes its next record from the partition whose head has the
 * smallest timestamp, so a lead arriving in the table goes before any backlog of events, which it may answer. The
 * lookup path never uses record time (punctuators run on wall-clock time, written records carry their own).
 */
final class CatalogTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0;
    }
}
