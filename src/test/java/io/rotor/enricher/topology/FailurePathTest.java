package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.headers;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.traceparent;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class FailurePathTest {
    private static final LookupResult UPSTREAM = LookupResult.failure(Outcome.UPSTREAM_ERROR, 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable");
    private static final LookupResult NOT_FOUND = LookupResult.failure(Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found");
    private static final LookupResult BAD = LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, "body is not the documented envelope");
    private static final LookupResult TIMEOUT = LookupResult.failure(Outcome.TIMEOUT, 0, null, "no response within 10s");

    private static List<String> names(Headers headers) {
        List<String> names = new ArrayList<>();
        for (Header h : headers) {
            names.add(h.key());
        }
        return names;
    }

    private static String header(TestRecord<?, ?> r, String name) {
        return TopologyHarness.header(r.headers(), name);
    }

    @Test
    void upstreamErrorGoesToTheRetryTopicWithExactHeadersAndIsReleasedAtNotBefore() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(1);
            h.pipe(utf8("key-1"), event(id), headers("traceparent", traceparent(1)));
            long failedAt = h.now();
            h.lookup.complete(id, UPSTREAM);
            h.tick();
            failedAt += EnricherTopology.TICK_INTERVAL.toMillis(); // the harness's tick: the drain fires at its end

            TestRecord<String, byte[]> retry = h.retry.readRecord();
            assertThat(retry.key()).isEqualTo(id);
            assertThat(retry.value()).isEqualTo(event(id));
            assertThat(names(retry.headers())).containsExactlyInAnyOrder("traceparent",
                    HeaderNames.ORIGIN_TOPIC, HeaderNames.ORIGIN_PARTITION, HeaderNames.ORIGIN_OFFSET, HeaderNames.ORIGIN_TIMESTAMP, HeaderNames.ORIGIN_KEY,
                    HeaderNames.RETRY_NOT_BEFORE, HeaderNames.RETRY_FIRST_FAILURE, HeaderNames.RETRY_NOT_FOUND_RETRIES,
                    HeaderNames.RETRY_BAD_RESPONSE_RETRIES, HeaderNames.RETRY_ATTEMPT,
                    HeaderNames.ERROR_OUTCOME, HeaderNames.ERROR_STATUS, HeaderNames.ERROR_CODE, HeaderNames.ERROR_MESSAGE);
            assertThat(header(retry, HeaderNames.RETRY_ATTEMPT)).isEqualTo("1");
            assertThat(header(retry, HeaderNames.RETRY_FIRST_FAILURE)).isEqualTo(Long.toString(failedAt));
            // The first retry waits exactly ENRICHER_RETRY_BACKOFF_BASE.
            long notBefore = Long.parseLong(header(retry, HeaderNames.RETRY_NOT_BEFORE));
            assertThat(notBefore).isEqualTo(failedAt + h.settings.retryBackoffBase().toMillis());
            assertThat(header(retry, HeaderNames.ERROR_OUTCOME)).isEqualTo("UPSTREAM_ERROR");
            assertThat(header(retry, HeaderNames.ERROR_STATUS)).isEqualTo("503");
            assertThat(header(retry, HeaderNames.ERROR_CODE)).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(header(retry, HeaderNames.ERROR_MESSAGE)).isEqualTo("Service temporarily unavailable");
            assertThat(retry.headers().lastHeader(HeaderNames.ORIGIN_KEY).value()).isEqualTo(utf8("key-1"));

            // Parked: never released before not-before.
            assertThat(h.lookup.calls()).isEqualTo(1);
            while (h.now() + EnricherTopology.TICK_INTERVAL.toMillis() < notBefore) {
                h.tick();
            }
            assertThat(h.lookup.calls()).as("released early").isEqualTo(1);
            h.advance(h.settings.retryPollInterval().plus(EnricherTopology.TICK_INTERVAL));
            assertThat(h.lookup.calls()).as("released within the poll interval").isEqualTo(2);
            h.lookup.complete(id, TopologyHarness.foundFor(id));
            h.tick();
            TestRecord<String, byte[]> out = h.output.readRecord();
            assertThat(header(out, "traceparent")).isEqualTo(traceparent(1));
            assertThat(header(out, HeaderNames.ORIGIN_OFFSET)).isEqualTo("0");
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void notFoundIsRetriedOnceAfterTheDelayBypassingTheNegativeCacheThenDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(2);
            byte[] key = {(byte) 0xff, 0x00, 0x7f};
            h.pipe(key, event(id));
            h.lookup.complete(id, NOT_FOUND);
            h.tick();
            TestRecord<String, byte[]> retry = h.retry.readRecord();
            long notBefore = Long.parseLong(header(retry, HeaderNames.RETRY_NOT_BEFORE));
            assertThat(notBefore - Long.parseLong(header(retry, HeaderNames.RETRY_FIRST_FAILURE))).isEqualTo(h.settings.notFoundDelay().toMillis());
            assertThat(header(retry, HeaderNames.RETRY_NOT_FOUND_RETRIES)).isEqualTo("1");

            // Another event for the unknown lead meanwhile: the negative cache answers, no call.
            h.pipe(null, event(id));
            assertThat(h.lookup.calls()).isEqualTo(1);

            h.advance(h.settings.notFoundDelay().plus(h.settings.retryPollInterval()));
            assertThat(h.lookup.callsFor(id)).as("the NOT_FOUND retry bypasses the negative cache").isEqualTo(2);
            h.lookup.complete(id, NOT_FOUND);
            h.tick();
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            TestRecord<byte[], byte[]> first = dead.stream()
                    .filter(r -> "0".equals(TopologyHarness.header(r.headers(), HeaderNames.STREAMS_ERROR_OFFSET))).findFirst().orElseThrow();
            assertThat(first.key()).isEqualTo(key);
            assertThat(first.value()).isEqualTo(event(id));
            assertThat(names(first.headers())).containsExactlyInAnyOrder(
                    HeaderNames.STREAMS_ERROR_EXCEPTION, HeaderNames.STREAMS_ERROR_MESSAGE, HeaderNames.STREAMS_ERROR_STACKTRACE,
                    HeaderNames.STREAMS_ERROR_TOPIC, HeaderNames.STREAMS_ERROR_PARTITION, HeaderNames.STREAMS_ERROR_OFFSET,
                    HeaderNames.DLQ_REASON, HeaderNames.DLQ_AT, HeaderNames.RETRY_ATTEMPT,
                    HeaderNames.ERROR_OUTCOME, HeaderNames.ERROR_STATUS, HeaderNames.ERROR_CODE, HeaderNames.ERROR_MESSAGE,
                    HeaderNames.ORIGIN_TOPIC, HeaderNames.ORIGIN_PARTITION, HeaderNames.ORIGIN_OFFSET, HeaderNames.ORIGIN_TIMESTAMP, HeaderNames.ORIGIN_KEY,
                    HeaderNames.LEAD_ID);
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.LEAD_ID)).isEqualTo(id);
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.DLQ_REASON)).isEqualTo("NOT_FOUND");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.RETRY_ATTEMPT)).isEqualTo("2");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.ERROR_OUTCOME)).isEqualTo("NOT_FOUND");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.ERROR_STATUS)).isEqualTo("404");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.ERROR_CODE)).isEqualTo("LEAD_NOT_FOUND");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.ERROR_MESSAGE)).isEqualTo("Lead not found");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.STREAMS_ERROR_TOPIC)).isEqualTo(h.settings.inputTopic());
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.STREAMS_ERROR_PARTITION)).isEqualTo("0");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.STREAMS_ERROR_EXCEPTION)).isNotBlank();
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.STREAMS_ERROR_MESSAGE)).contains("NOT_FOUND");
            assertThat(TopologyHarness.header(first.headers(), HeaderNames.STREAMS_ERROR_STACKTRACE)).isNotNull();
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void badResponseIsRetriedOnceThenDeadLettered() {
        try (TopologyHarness h = new TopologyHarness()) {
            String id = leadId(3);
            h.lookup.answerWith(ignored -> BAD);
            h.pipe(null, event(id));
            h.tick();
            assertThat(header(h.retry.readRecord(), HeaderNames.RETRY_BAD_RESPONSE_RETRIES)).isEqualTo("1");
            h.advance(Duration.ofSeconds(5));
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("BAD_RESPONSE");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.RETRY_ATTEMPT)).isEqualTo("2");
            assertThat(h.lookup.calls()).isEqualTo(2);
        }
    }

    @Test
    void rateLimitedParksEverythingUntilResumeAtWithZeroCallsInBetween() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ofMinutes(2));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            Instant resumeAt = Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(30));
            h.lookup.answerWith(id -> {
                // What the real client does on a 429: its gate closes, then it answers RATE_LIMITED.
                h.gate.close(resumeAt, Outcome.RATE_LIMITED);
                return LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "Daily quota exceeded", resumeAt);
            });
            h.pipe(null, event(leadId(10)));
            h.tick();
            h.lookup.answerWith(TopologyHarness::foundFor);
            for (int i = 11; i < 30; i++) {
                h.pipe(null, event(leadId(i)));
            }
            h.tick();
            List<TestRecord<String, byte[]>> parked = h.retry.readRecordsToList();
            assertThat(parked).hasSize(20);
            for (TestRecord<String, byte[]> r : parked) {
                long notBefore = Long.parseLong(header(r, HeaderNames.RETRY_NOT_BEFORE));
                assertThat(notBefore).isBetween(resumeAt.toEpochMilli(), resumeAt.toEpochMilli() + Duration.ofMinutes(2).toMillis());
                assertThat(header(r, HeaderNames.ERROR_OUTCOME)).isEqualTo("RATE_LIMITED");
            }
            assertThat(parked).filteredOn(r -> header(r, HeaderNames.RETRY_ATTEMPT).equals("0")).as("refused: no attempt used").hasSize(19);
            assertThat(h.lookup.calls()).isEqualTo(1);

            h.advance(Duration.ofMinutes(29));
            assertThat(h.lookup.calls()).as("zero calls while the gate is closed").isEqualTo(1);
            h.advance(Duration.ofMinutes(4));
            assertThat(h.output.readRecordsToList()).hasSize(20);
            assertThat(h.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void authFailureWaitsForTheGatesBackOffEnd() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant backOffEnd = Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(15));
            String id = leadId(4);
            h.pipe(null, event(id));
            h.gate.close(backOffEnd, Outcome.AUTH_FAILED);
            h.lookup.complete(id, LookupResult.failure(Outcome.AUTH_FAILED, 401, "AUTHENTICATION_REQUIRED", "Authentication required"));
            h.tick();
            TestRecord<String, byte[]> retry = h.retry.readRecord();
            assertThat(header(retry, HeaderNames.RETRY_NOT_BEFORE)).isEqualTo(Long.toString(backOffEnd.toEpochMilli()));
            assertThat(header(retry, HeaderNames.RETRY_ATTEMPT)).isEqualTo("1");
        }
    }

    @Test
    void aLeadWhoseRequestIsRefusedIsRejectedAfterItsAttemptsWithTheStatus() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_ATTEMPTS, 3)
                .with(Settings.ENRICHER_RETRY_BACKOFF_BASE, Duration.ofSeconds(1)).with(Settings.ENRICHER_RETRY_BACKOFF_MAX, Duration.ofSeconds(4));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String blocked = leadId(6);
            h.lookup.answerWith(id -> id.equals(blocked)
                    ? LookupResult.failure(Outcome.UNEXPECTED_STATUS, 403, null, "HTTP 403 without Rotor's error envelope")
                    : TopologyHarness.foundFor(id));
            h.pipe(utf8("k"), event(blocked));
            h.pipe(utf8("k2"), event(leadId(7)));
            h.tick();
            h.advance(Duration.ofSeconds(15));

            assertThat(h.output.readRecord().key()).isEqualTo(leadId(7));
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo(DlqReason.REJECTED.name());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_STATUS)).isEqualTo("403");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_OUTCOME)).isEqualTo("UNEXPECTED_STATUS");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.RETRY_ATTEMPT)).isEqualTo("3");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_MESSAGE))
                    .isEqualTo("the request for this lead was refused 3 times; last UNEXPECTED_STATUS (HTTP 403): "
                            + "HTTP 403 without Rotor's error envelope");
            assertThat(dead.value()).isEqualTo(event(blocked));
            assertThat(h.lookup.calls()).isEqualTo(4);
        }
    }

    @Test
    void transientFailuresAreExhaustedByAttemptsWithTheLastCause() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_ATTEMPTS, 3)
                .with(Settings.ENRICHER_RETRY_BACKOFF_BASE, Duration.ofSeconds(1)).with(Settings.ENRICHER_RETRY_BACKOFF_MAX, Duration.ofSeconds(4));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(5);
            List<LookupResult> answers = new ArrayList<>(List.of(UPSTREAM, TIMEOUT, LookupResult.failure(Outcome.NETWORK, 0, null, "connection reset")));
            h.lookup.answerWith(ignored -> answers.remove(0));
            h.pipe(utf8("k"), event(id));
            h.tick();
            h.advance(Duration.ofSeconds(15));
            assertThat(h.lookup.calls()).isEqualTo(3);
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.RETRY_ATTEMPT)).isEqualTo("3");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_OUTCOME)).isEqualTo("NETWORK");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_MESSAGE)).isEqualTo("connection reset");
            assertThat(dead.key()).isEqualTo(utf8("k"));
            assertThat(dead.value()).isEqualTo(event(id));
            assertThat(h.retry.readRecordsToList()).hasSize(2);
        }
    }

    @Test
    void rateLimitedIsExhaustedByAgeOnlyWithTheLastCause() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_ATTEMPTS, 2).with(Settings.ENRICHER_MAX_RETRY_AGE, Duration.ofHours(2))
                .with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ZERO);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(6);
            h.lookup.answerWith(ignored -> LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "Daily quota exceeded",
                    Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(50))));
            h.pipe(null, event(id));
            h.tick();
            for (int i = 0; i < 3; i++) {
                h.advance(Duration.ofMinutes(51));
            }
            assertThat(h.lookup.calls()).as("RATE_LIMITED is bounded by age, not attempts").isGreaterThan(2);
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo(DlqReason.RETRIES_EXHAUSTED.name());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_OUTCOME)).isEqualTo("RATE_LIMITED");
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_STATUS)).isEqualTo("429");
        }
    }

    /** Issue 11, item 10: a parked event ends when ENRICHER_MAX_RETRY_AGE passes, not when its later due time comes. */
    @Test
    void aParkedEventDueAfterItsMaxAgeIsDeadLetteredWhenTheAgePassesWithoutACall() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_RETRY_AGE, Duration.ofHours(1))
                .with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ZERO);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(7);
            Instant resumeAt = Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(20));
            h.lookup.answerWith(ignored -> {
                h.gate.close(resumeAt, Outcome.RATE_LIMITED);
                return LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "Daily quota exceeded", resumeAt);
            });
            long firstFailure = h.now();
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.retry.readRecord()).isNotNull();

            h.advance(Duration.ofMinutes(59));
            assertThat(h.dlq.isEmpty()).as("not before the age passes").isTrue();
            h.advance(Duration.ofMinutes(1).plus(settings.retryPollInterval()).plus(EnricherTopology.DRAIN_INTERVAL));

            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.DLQ_REASON)).isEqualTo(DlqReason.RETRIES_EXHAUSTED.name());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.ERROR_OUTCOME)).isEqualTo("RATE_LIMITED");
            assertThat(dead.timestamp() - firstFailure).as("dead-lettered within a poll interval of the age")
                    .isBetween(Duration.ofHours(1).toMillis(), Duration.ofHours(1).plus(settings.retryPollInterval())
                            .plus(EnricherTopology.DRAIN_INTERVAL.multipliedBy(2)).toMillis());
            assertThat(h.lookup.calls()).as("no call for an event past its age").isEqualTo(1);
            assertThat(h.output.isEmpty()).isTrue();
        }
    }

    @Test
    void gateRefusedLookupsUseNoAttemptAndMakeNoCall() {
        try (TopologyHarness h = new TopologyHarness()) {
            Instant until = Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(5));
            h.gate.close(until, Outcome.UNEXPECTED_STATUS);
            String id = leadId(7);
            h.pipe(null, event(id));
            h.tick();
            TestRecord<String, byte[]> retry = h.retry.readRecord();
            assertThat(header(retry, HeaderNames.RETRY_ATTEMPT)).isEqualTo("0");
            assertThat(header(retry, HeaderNames.RETRY_NOT_BEFORE)).isEqualTo(Long.toString(until.toEpochMilli()));
            assertThat(h.lookup.calls()).isZero();
            h.lookup.answerWith(TopologyHarness::foundFor);
            h.advance(Duration.ofMinutes(5).plusSeconds(2));
            assertThat(h.lookup.calls()).isEqualTo(1);
            assertThat(h.output.readRecordsToList()).hasSize(1);
        }
    }

    @Test
    void deadLetterBytesEqualTheOriginalAfterARepartitionAndTwoRetries() {
        TopologySettings settings = TopologyHarness.defaults().with(Settings.ENRICHER_MAX_ATTEMPTS, 3);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            String id = leadId(8);
            byte[] key = {1, 2, 3, (byte) 0xfe};
            byte[] value = utf8("{\"lead_id\":\"" + id + "\",  \"spacing\" : \"kept\", \"u\":\"\\u00e9\"}");
            h.pipe(utf8("earlier"), event(leadId(99)));
            h.pipe(key, value, headers("traceparent", traceparent(8)));
            h.lookup.answerWith(ignored -> UPSTREAM);
            h.lookup.complete(id, UPSTREAM);
            h.lookup.complete(leadId(99), TopologyHarness.foundFor(leadId(99)));
            h.advance(Duration.ofMinutes(2));
            assertThat(h.retry.readRecordsToList()).hasSize(2);
            TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).isEqualTo(value);
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_TOPIC)).isEqualTo(h.settings.inputTopic());
            assertThat(TopologyHarness.header(dead.headers(), HeaderNames.STREAMS_ERROR_OFFSET)).isEqualTo("1");
            assertThat(TopologyHarness.header(dead.headers(), "traceparent")).isEqualTo(traceparent(8));
        }
    }
}
