package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.config.TopologySettings.LeadIdSource;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.testkit.TopologyHarness;
import io.rotor.enricher.topology.RecordLimits;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class IngestTest {

    @Test
    void pointerModeReadsTheIdFromTheJsonValue() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_LEAD_ID_POINTER, "/data/lead/id");
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(1);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(null, utf8("{\"data\":{\"lead\":{\"id\":\"" + id + "\"}}}"));
            h.tick();
            assertThat(h.output.readRecord().key()).isEqualTo(id);
        }
    }

    @Test
    void keyModeReadsTheKeyAsUtf8AndAcceptsAnyValue() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_LEAD_ID_SOURCE, LeadIdSource.KEY);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(2);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8(id), new byte[] {0, 1, 2});
            h.pipe(utf8(id), null);
            h.tick();
            List<TestRecord<String, byte[]>> out = h.output.readRecordsToList();
            assertThat(out).extracting(TestRecord::key).containsExactly(id, id);
            assertThat(out.get(0).headers().lastHeader(HeaderNames.ORIGIN_KEY).value()).isEqualTo(utf8(id));
        }
    }

    @Test
    void headerModeReadsTheNamedHeader() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_LEAD_ID_SOURCE, LeadIdSource.HEADER).with(Settings.ENRICHER_LEAD_ID_HEADER, "x-lead");
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(3);
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.pipe(utf8("whatever"), utf8("plain text"), headers("x-lead", id));
            h.tick();
            assertThat(h.output.readRecord().key()).isEqualTo(id);
            h.pipe(null, utf8("plain text"));
            assertThat(TopologyHarness.header(h.dlq.readRecord().headers(), HeaderNames.DLQ_REASON)).isEqualTo("INVALID_EVENT");
        }
    }

    @Test
    void invalidEventsGoToTheDeadLetterTopicWithTheirOriginalBytes() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_EVENT_BYTES, 1024);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            byte[][] values = {
                    utf8("not json {"),
                    utf8("{\"other\":1}"),
                    utf8("{\"lead_id\":42}"),
                    utf8("{\"lead_id\":\"..\"}"),
                    utf8("{\"lead_id\":\"a\\u0000b\"}"),
                    utf8("{\"lead_id\":\"" + "x".repeat(2000) + "\"}"),
                    null,
                    utf8("{\"lead_id\":\"\"}"),
            };
            for (int i = 0; i < values.length; i++) {
                h.pipe(new byte[] {(byte) i, (byte) 0xff}, values[i], headers("rotor.dlq.reason", "FORGED", "traceparent", "tp-" + i));
            }
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(values.length);
            for (int i = 0; i < values.length; i++) {
                TestRecord<byte[], byte[]> r = dead.get(i);
                assertThat(r.key()).isEqualTo(new byte[] {(byte) i, (byte) 0xff});
                assertThat(r.value()).isEqualTo(values[i]);
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.DLQ_REASON)).isEqualTo(i == 5 ? "EVENT_TOO_LARGE" : "INVALID_EVENT");
                assertThat(r.headers().headers(HeaderNames.DLQ_REASON)).hasSize(1);
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo(Integer.toString(i));
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.STREAMS_ERROR_TOPIC)).isEqualTo(settings.inputTopic());
                assertThat(TopologyHarness.header(r.headers(), HeaderNames.RETRY_ATTEMPT)).isEqualTo("0");
                assertThat(TopologyHarness.header(r.headers(), "traceparent")).isEqualTo("tp-" + i);
            }
            assertThat(TopologyHarness.header(dead.get(5).headers(), HeaderNames.STREAMS_ERROR_MESSAGE)).contains("ENRICHER_MAX_EVENT_BYTES");
            assertThat(h.lookup.calls()).isZero();
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void anEventOverTheLimitIsEventTooLargeWithItsValueAndSizeWhenTheRecordFitsTheDlq() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_EVENT_BYTES, 1024);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            byte[] key = utf8("k-1");
            byte[] value = utf8("{\"lead_id\":\"lead-1\",\"pad\":\"" + "x".repeat(3000) + "\"}");
            h.pipe(key, value, headers("traceparent", "tp-1"));

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).isEqualTo(value);
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("EVENT_TOO_LARGE");
            long size = key.length + value.length + "traceparent".length() + "tp-1".length();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_ORIGINAL_SIZE)).isEqualTo(Long.toString(size));
            assertThat(dead.headers().lastHeader(HeaderNames.DLQ_VALUE_OMITTED)).isNull();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .isEqualTo("the event is " + size + " bytes (key, value and headers), more than ENRICHER_MAX_EVENT_BYTES (1024)");
            assertThat(TopologyHarness.header(dead.headers(), "traceparent")).isEqualTo("tp-1");
            assertThat(h.lookup.calls()).isZero();
        }
    }

    @Test
    void anEventTooLargeForTheDlqGoesWithoutItsValueAndSaysSo() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_EVENT_BYTES, 1024);
        // The DLQ takes 16 KiB: an event of 12 KB fits with its envelope (an 8 KiB stack trace at most); 40 KB does not.
        try (TopologyHarness h = new TopologyHarness(settings, new RecordLimits(16 * 1024 + 12 * 1024, 0, 0))) {
            byte[] fits = utf8("{\"pad\":\"" + "x".repeat(12_000) + "\"}");
            byte[] huge = utf8("{\"pad\":\"" + "x".repeat(40_000) + "\"}");
            h.pipe(utf8("a"), fits);
            h.pipe(utf8("b"), huge);

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(fits);
            assertThat(dead.get(0).headers().lastHeader(HeaderNames.DLQ_VALUE_OMITTED)).isNull();

            TestRecord<byte[], byte[]> omitted = dead.get(1);
            assertThat(omitted.key()).isEqualTo(utf8("b"));
            assertThat(omitted.value()).isNull();
            assertThat(TopologyHarness.header(omitted.headers(), HeaderNames.DLQ_REASON)).isEqualTo("EVENT_TOO_LARGE");
            assertThat(TopologyHarness.header(omitted.headers(), HeaderNames.DLQ_VALUE_OMITTED)).isEqualTo("true");
            assertThat(TopologyHarness.header(omitted.headers(), HeaderNames.DLQ_ORIGINAL_SIZE)).isEqualTo(Long.toString(1 + huge.length));
            assertThat(TopologyHarness.header(omitted.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo("1");
            assertThat(TopologyHarness.header(omitted.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .contains("its value is left out").contains("28672 bytes");
            assertThat(omitted.headers().headers(HeaderNames.DLQ_REASON)).hasSize(1);
        }
    }

    @Test
    void forgedRotorHeadersAreStripped() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(4);
            h.lookup.answerWith(TopologyHarness::foundFor);
            RecordHeaders forged = new RecordHeaders();
            forged.add(HeaderNames.ORIGIN_OFFSET, utf8("999"));
            forged.add(HeaderNames.CACHE_HIT, utf8("maybe"));
            forged.add(HeaderNames.RETRY_NOT_BEFORE, utf8("0"));
            h.pipe(null, event(id), forged);
            h.tick();
            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(TopologyHarness.header(out.headers(), HeaderNames.ORIGIN_OFFSET)).isEqualTo("0");
            assertThat(out.headers().headers(HeaderNames.CACHE_HIT)).hasSize(1);
            assertThat(out.headers().lastHeader(HeaderNames.RETRY_NOT_BEFORE)).isNull();
        }
    }
}
