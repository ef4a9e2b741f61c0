package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.Origin;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized becomes a STREAMS_ERROR dead-letter record with its original bytes, and
 * processing resumes (the write commits with the transaction: the handler returns the record, Streams sends it).
 * A failure of the environment fails the thread instead: it is not the event's fault.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private StreamsErrorRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = StreamsErrorRecords.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (FailureRecords.isEnvironmentFailure(exception)) {
            return Response.fail();
        }
        LOG.warn("Record {}-{}@{} could not be deserialized ({}); sent to the dead-letter topic",
                record.topic(), record.partition(), record.offset(), exception.getClass().getName());
        Origin own = new Origin(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key());
        return Response.resume(List.of(records.deadLetter(record.headers(), own, record.value(), exception)));
    }
}
