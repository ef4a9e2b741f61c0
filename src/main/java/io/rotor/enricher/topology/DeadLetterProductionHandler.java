package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for a record the producer refuses (RecordTooLargeException after a topic's limit was lowered,
 * or anything else not retriable). Under exactly-once the refusal has already doomed the transaction, and a
 * RESUME with dead-letter records cannot save it (they would join the aborted transaction; Kafka 4.4 can even
 * wedge in the flush). So: retriable errors RETRY as Kafka's default does; otherwise the event the record came
 * from is put in the {@link Quarantine} and the answer is FAIL. The stream thread is replaced (without counting
 * toward giving up), the task is processed again from its last commit, and there the event goes to the DLQ as
 * STREAMS_ERROR instead. A record without an origin (a changelog or gate record) has no event to dead-letter: FAIL.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private Quarantine quarantine;
    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        quarantine = configs.get(Quarantine.CONFIG) instanceof Quarantine q ? q : null;
        Object dlq = configs.get(EnricherTopology.DLQ_TOPIC_CONFIG);
        dlqTopic = dlq == null ? null : dlq.toString();
        if (quarantine == null) {
            LOG.warn("No {} in the Streams configuration: a refused record fails the stream thread", Quarantine.CONFIG);
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        Origin origin = originOf(record);
        String cause = exception.getClass().getName() + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
        if (quarantine == null || origin == null) {
            LOG.error("The producer refused a record for topic {} that carries no event's origin ({}); the stream thread fails",
                    record.topic(), cause);
            return Response.fail();
        }
        boolean deadLetter = record.topic().equals(dlqTopic);
        Quarantine.Level level = deadLetter ? Quarantine.Level.WITHOUT_VALUE : Quarantine.Level.DEAD_LETTER;
        if (!quarantine.add(origin, level, cause)) {
            LOG.error("The producer refused the {} record of the event at {} again, after it was quarantined ({}); the "
                    + "stream thread fails", record.topic(), origin, cause);
            return Response.fail();
        }
        LOG.warn("The producer refused the {} record of the event at {} ({}). The transaction aborts and the stream thread "
                + "is replaced; processed again, the event goes to the DLQ as STREAMS_ERROR{}", record.topic(), origin, cause,
                deadLetter ? " without its value" : "");
        return Response.fail();
    }

    /** The input coordinates a record of this service carries: rotor.origin.*, or on a dead-letter record KIP-1034's. */
    static Origin originOf(ProducerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        Origin origin = FailureRecords.readOrigin(headers, null);
        if (origin != null && origin.partition() >= 0 && origin.offset() >= 0) {
            return origin;
        }
        String topic = FailureRecords.text(headers, HeaderNames.STREAMS_ERROR_TOPIC);
        String partition = FailureRecords.text(headers, HeaderNames.STREAMS_ERROR_PARTITION);
        String offset = FailureRecords.text(headers, HeaderNames.STREAMS_ERROR_OFFSET);
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        try {
            return new Origin(topic, Integer.parseInt(partition.strip()), Long.parseLong(offset.strip()), -1, null);
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }
}
