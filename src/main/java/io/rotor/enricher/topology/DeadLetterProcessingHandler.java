package io.rotor.enricher.topology;

import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.Origin;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception thrown while processing an event becomes a STREAMS_ERROR dead-letter record with the original
 * bytes, and processing resumes. Without a source record (a punctuation) there are no bytes to make it right,
 * a failure of the environment (registry outage, broker timeout) is not the event's fault, nor is a failure to
 * apply a lookup completion drained inside {@code process()}: all FAIL.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private StreamsErrorRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = StreamsErrorRecords.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (FailureRecords.isEnvironmentFailure(exception) || exception instanceof CompletionFailedException
                || context.sourceRawValue() == null && context.sourceRawKey() == null && record == null) {
            return Response.fail();
        }
        try (var task = org.slf4j.MDC.putCloseable(LogContext.TASK, context.taskId().toString())) {
            LOG.warn("Processor {} failed on {}-{}@{} ({}); sent to the dead-letter topic", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset(), exception.getClass().getName(), exception);
        }
        Origin own = new Origin(context.topic() == null ? "" : context.topic(), context.partition(), context.offset(),
                context.timestamp(), context.sourceRawKey());
        return Response.resume(List.of(records.deadLetter(context.headers(), own, context.sourceRawValue(), exception)));
    }
}
