package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.testkit.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {
    private static final Map<String, Object> CONFIG = Map.of(EnricherTopology.DLQ_TOPIC_CONFIG, "dlq",
            StreamsErrorRecords.PASS_HEADERS_CONFIG, "traceparent,tracestate");

    @Test
    void aSerializationFailureInsideTheProcessorBecomesStreamsError() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(1);
            h.serializer.failWith(lead -> new SerializationException("schema mismatch"));
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8("k1"), event(id));
            h.tick();
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("k1"));
            assertThat(dead.value()).isEqualTo(event(id));
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_EXCEPTION)).isEqualTo(SerializationException.class.getName());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_STACKTRACE)).contains("schema mismatch");
            assertThat(dead.headers().lastHeader(HeaderNames.STREAMS_ERROR_STACKTRACE).value().length).isLessThanOrEqualTo(HeaderNames.STACKTRACE_MAX_BYTES);
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void aBrokerTimeoutWhileSerializingIsRethrownNeverDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(2);
            h.serializer.failWith(lead -> new SerializationException("registry", new TimeoutException("registry unreachable")));
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            assertThatThrownBy(h::tick).hasRootCauseInstanceOf(TimeoutException.class);
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void aRegistryOutageWhileSerializingIsRethrownNeverDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(3);
            h.serializer.failWith(lead -> new RegistryUnavailableException("registry unreachable"));
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, event(id));
            assertThatThrownBy(h::tick).hasRootCauseInstanceOf(RegistryUnavailableException.class);
            assertThat(h.dlq.isEmpty()).isTrue();
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void anExceptionInAProcessorBecomesStreamsErrorThroughTheProcessingHandler() {
        TopologySettings settings = TopologyHarness.defaults();
        String poison = leadId(66);
        LeadIdCheck throwing = id -> {
            if (id.equals(poison)) {
                throw new IllegalStateException("validator bug");
            }
            return LeadIdCheck.standard(256).problem(id);
        };
        try (TopologyHarness h = new TopologyHarness(settings, 1, props -> { }) {
            @Override
            protected org.apache.kafka.streams.Topology topology() {
                return EnricherTopology.build(settings, ports, throwing, new SimpleMeterRegistry());
            }
        }) {
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8("pk"), event(poison), headers("traceparent", "tp"));
            h.pipe(null, event(leadId(67)));
            h.tick();
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("pk"));
            assertThat(dead.value()).isEqualTo(event(poison));
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo("0");
            assertThat(TopologyHarness.header(dead.headers(), "traceparent")).isEqualTo("tp");
            assertThat(h.output.readRecord().key()).as("processing resumed").isEqualTo(leadId(67));
        }
    }

    @Test
    void theDeserializationHandlerDeadLettersTheOriginalBytesRebuiltFromTheOrigin() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(CONFIG);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", utf8("tp"));
        headers.add("x-private", utf8("not passed"));
        FailureRecords.writeOrigin(headers, new Origin("lead-events", 3, 41, 1000L, new byte[] {9, 8}));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("app-by-lead-id-repartition", 1, 7, 2000L,
                TimestampType.CREATE_TIME, 4, 5, utf8("lead"), utf8("value"), headers, Optional.empty());
        DeserializationExceptionHandler.Response response = handler.handleError(context(record.topic(), record.key(), record.value(), headers),
                record, new SerializationException("bad bytes"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.key()).isEqualTo(new byte[] {9, 8});
        assertThat(dead.value()).isEqualTo(utf8("value"));
        assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_TOPIC)).isEqualTo("lead-events");
        assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_PARTITION)).isEqualTo("3");
        assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo("41");
        assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("STREAMS_ERROR");
        assertThat(TopologyHarness.header(dead.headers(), "traceparent")).isEqualTo("tp");
        assertThat(dead.headers().lastHeader("x-private")).isNull();

        DeserializationExceptionHandler.Response environment = handler.handleError(
                context(record.topic(), record.key(), record.value(), headers), record, new TimeoutException("broker"));
        assertThat(environment.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(environment.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void theProcessingHandlerFailsWithoutASourceRecord() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(CONFIG);
        ProcessingExceptionHandler.Response response = handler.handleError(context(null, null, null, new RecordHeaders()),
                null, new IllegalStateException("in a punctuation"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        ProcessingExceptionHandler.Response ok = handler.handleError(context("lead-events", utf8("k"), utf8("v"), new RecordHeaders()),
                new Record<>("k", "v", 0L), new IllegalStateException("bug"));
        assertThat(ok.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(ok.deadLetterQueueRecords().get(0).key()).isEqualTo(utf8("k"));
        ProcessingExceptionHandler.Response notThisRecord = handler.handleError(context("lead-events", utf8("k"), utf8("v"), new RecordHeaders()),
                new Record<>("k", "v", 0L), new CompletionFailedException("applying a FOUND completion failed", new IllegalStateException()));
        assertThat(notThisRecord.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }

    private static ErrorHandlerContext context(String topic, byte[] key, byte[] value, Headers headers) {
        return new ErrorHandlerContext() {
            public String topic() { return topic; }
            public int partition() { return 1; }
            public long offset() { return 7; }
            public Headers headers() { return headers; }
            public String processorNodeId() { return "lookup"; }
            public TaskId taskId() { return new TaskId(0, 1); }
            public long timestamp() { return 2000L; }
            public byte[] sourceRawKey() { return key; }
            public byte[] sourceRawValue() { return value; }
        };
    }

    @Test
    void stackTracesAreCutAt8KiB() {
        RuntimeException deep = new RuntimeException("é".repeat(10_000));
        RecordHeaders headers = new RecordHeaders();
        FailureRecords.writeDeadLetter(headers, io.rotor.enricher.envelope.DlqReason.STREAMS_ERROR, "m", deep,
                io.rotor.enricher.envelope.RetryState.NONE, new Origin("t", 0, 0, 0, null), 0L);
        byte[] trace = headers.lastHeader(HeaderNames.STREAMS_ERROR_STACKTRACE).value();
        assertThat(trace.length).isLessThanOrEqualTo(HeaderNames.STACKTRACE_MAX_BYTES);
        assertThat(new String(trace, StandardCharsets.UTF_8)).doesNotContain("\uFFFD");
    }
}
