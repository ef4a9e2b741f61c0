package io.rotor.enricher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationLedger.InputRef;
import io.rotor.enricher.demo.ConservationReport;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.sandbox.InjectedFault;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.RecordingLookup.Call;
import io.rotor.enricher.testkit.ServiceHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rotor misbehaving every way it can at once (500s, timeouts, resets, malformed bodies) plus a 429 storm whose
 * quota period resets within the test. Every lead appears in exactly one event, so each lookup after a lead's first
 * is the release of a retry, and can be checked against that retry's not-before.
 */
@Tag("slow")
class FaultsIT {
    private static final int KNOWN = 150;
    private static final int UNKNOWN = 20;

    @Test
    void everyEventEndsOnceWithNoEarlyReleaseAndNoCallWhileTheGateIsClosed() throws Exception {
        SandboxOptions.Builder sandbox = SandboxOptions.builder()
                .seed(7)
                .catalogSize(KNOWN)
                .latency(Duration.ofMillis(5), Duration.ofMillis(10))
                .errorRate(0.05)
                .timeoutRate(0.03)
                .resetRate(0.03)
                .malformedRate(0.03)
                .timeoutHold(Duration.ofSeconds(5))
                .quota(40)
                .quotaPeriod(Duration.ofSeconds(2))
                .sendRetryAfter(true);
        try (LogCapture logs = new LogCapture();
             ServiceHarness h = ServiceHarness.start(sandbox, ServiceHarness.fastSettings())) {
            h.startService();
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            Set<String> unknownIds = new HashSet<>();
            for (String id : h.sandbox().catalog().ids()) {
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id)));
            }
            for (int i = 0; i < UNKNOWN; i++) {
                String id = Fixtures.leadId(1_000_000 + i);
                unknownIds.add(id);
                events.add(h.input(Fixtures.utf8(id), Fixtures.event(id)));
            }
            List<InputRef> origins = h.produce(events);

            ConservationReport report = h.drain(Duration.ofSeconds(120));
            assertThat(report.held()).as(report.describe()).isTrue();
            assertThat(report.dlqBytesIntact()).as(report.describe()).isTrue();
            assertThat(report.inputs()).isEqualTo(KNOWN + UNKNOWN);

            // Every unknown lead ends NOT_FOUND; known leads end as Leads unless Rotor broke them twice (BAD_RESPONSE)
            // or ran out of attempts.
            Map<InputRef, String> reasonByOrigin = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : h.dlq()) {
                reasonByOrigin.put(originOfDlq(r), text(r, HeaderNames.DLQ_REASON));
            }
            Map<InputRef, ConsumerRecord<byte[], byte[]>> outputByOrigin = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : h.outputs()) {
                outputByOrigin.put(new InputRef(text(r, HeaderNames.ORIGIN_TOPIC), Integer.parseInt(text(r, HeaderNames.ORIGIN_PARTITION)),
                        Long.parseLong(text(r, HeaderNames.ORIGIN_OFFSET))), r);
            }
            for (int i = 0; i < events.size(); i++) {
                String id = new String(events.get(i).key(), StandardCharsets.UTF_8);
                if (unknownIds.contains(id) && !reasonByOrigin.containsKey(origins.get(i))) {
                    // Only a malformed 200 (wrong field types, mapped with warnings) can turn an unknown id into a Lead.
                    ConsumerRecord<byte[], byte[]> out = outputByOrigin.get(origins.get(i));
                    assertThat(out).as(id).isNotNull();
                    assertThat(out.headers().lastHeader(HeaderNames.WARNING)).as("warning on the Lead of unknown %s", id).isNotNull();
                } else if (unknownIds.contains(id)) {
                    assertThat(reasonByOrigin.get(origins.get(i))).as(id)
                            .isIn(DlqReason.NOT_FOUND.name(), DlqReason.BAD_RESPONSE.name(), DlqReason.RETRIES_EXHAUSTED.name());
                } else if (reasonByOrigin.containsKey(origins.get(i))) {
                    assertThat(reasonByOrigin.get(origins.get(i))).as(id)
                            .isIn(DlqReason.BAD_RESPONSE.name(), DlqReason.RETRIES_EXHAUSTED.name());
                }
            }
            assertThat(h.outputs()).hasSizeGreaterThan(KNOWN * 8 / 10);
            assertThat(report.dlq(DlqReason.NOT_FOUND.name())).isGreaterThan(UNKNOWN / 2);

            // The storm happened and the service recovered from it.
            SandboxStats stats = h.sandbox().stats();
            assertThat(stats.rateLimited()).isPositive();
            assertThat(stats.fault(InjectedFault.SERVER_ERROR) + stats.fault(InjectedFault.TIMEOUT)
                    + stats.fault(InjectedFault.RESET) + stats.fault(InjectedFault.MALFORMED)).isPositive();
            // No call started while the gate was closed: what reached the sandbox after a 429 were requests
            // already in flight, never more than the in-flight bound.
            assertThat(stats.lateArrivals()).isLessThanOrEqualTo(h.settings().maxInFlight());
            List<Call> calls = h.recording().calls();
            List<Call> rateLimited = calls.stream()
                    .filter(c -> c.result() != null && c.result().attempted() && c.result().outcome() == Outcome.RATE_LIMITED)
                    .toList();
            for (Call c : calls) {
                if (!c.reachedRotor()) {
                    continue;
                }
                for (Call limit : rateLimited) {
                    boolean startedInsideClosedGate = c.startedAt().isAfter(limit.completedAt())
                            && c.startedAt().isBefore(limit.result().resumeAt());
                    assertThat(startedInsideClosedGate)
                            .as("a call for %s started at %s, after a 429 at %s closed the gate until %s",
                                    c.leadId(), c.startedAt(), limit.completedAt(), limit.result().resumeAt())
                            .isFalse();
                }
            }

            // No release before not-before. The lead has no other event, so its real calls are one event's lookups in
            // turn, and a retry record's attempt count says which call came next: a record parked with `attempts` = n
            // was written after the event's n-th real call and before its (n+1)-th, which must not reach Rotor before
            // that record's not-before. Matching by count, not by timestamps, because a record's timestamp is the
            // stream thread's cached clock, which lags the real one by as long as a busy loop iteration takes.
            Map<String, List<ConsumerRecord<byte[], byte[]>>> retriesByLead = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : h.retries()) {
                retriesByLead.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
            }
            assertThat(retriesByLead).isNotEmpty();
            int checked = 0;
            for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> e : retriesByLead.entrySet()) {
                List<Call> real = new ArrayList<>();
                for (Call c : h.recording().callsFor(e.getKey())) {
                    if (!c.reachedRotor()) {
                        continue;
                    }
                    if (!real.isEmpty() && !c.startedAt().isAfter(real.get(real.size() - 1).completedAt())) {
                        continue; // overlapping calls: a lookup re-issued after a rebalance, not a release
                    }
                    real.add(c);
                }
                for (ConsumerRecord<byte[], byte[]> r : e.getValue()) {
                    int attempts = FailureRecords.readRetry(r.headers()).attempts();
                    if (attempts >= real.size()) {
                        continue; // parked for the last time: ended in the DLQ by age, or no call followed
                    }
                    long notBefore = Long.parseLong(text(r, HeaderNames.RETRY_NOT_BEFORE));
                    long started = real.get(attempts).startedAt().toEpochMilli();
                    assertThat(started).as("call %d for %s started %d ms before the not-before of the retry parked after %d calls",
                            attempts + 1, e.getKey(), notBefore - started, attempts).isGreaterThanOrEqualTo(notBefore);
                    checked++;
                }
            }
            assertThat(checked).isPositive();

            // The API key is in no log line and no header of any record the service wrote.
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(ServiceHarness.API_KEY));
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(h.outputs());
            all.addAll(h.dlq());
            all.addAll(h.retries());
            for (ConsumerRecord<byte[], byte[]> r : all) {
                for (Header header : r.headers()) {
                    assertThat(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8))
                            .as("header %s", header.key()).doesNotContain(ServiceHarness.API_KEY);
                }
            }
        }
    }

    private static InputRef originOfDlq(ConsumerRecord<byte[], byte[]> r) {
        return new InputRef(text(r, HeaderNames.STREAMS_ERROR_TOPIC), Integer.parseInt(text(r, HeaderNames.STREAMS_ERROR_PARTITION)),
                Long.parseLong(text(r, HeaderNames.STREAMS_ERROR_OFFSET)));
    }

    static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        Header h = r.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
