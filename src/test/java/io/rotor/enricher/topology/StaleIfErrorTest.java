package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.Fixtures;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ENRICHER_STALE_IF_ERROR in the topology, on controlled clocks: an expired lead inside the window is emitted at once,
 * marked stale, when a fresh copy cannot be had (each cause), never past the window, never after a NOT_FOUND refresh,
 * never for an event that asked for fresh data; the entry is purged at expiry plus the window.
 */
class StaleIfErrorTest {
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration WINDOW = Duration.ofHours(24);

    private static TopologySettings staleSettings() {
        return TopologyHarness.defaults()
                .with(Settings.ENRICHER_CACHE_TTL, TTL)
                .with(Settings.ENRICHER_STALE_IF_ERROR, WINDOW)
                .with(Settings.ENRICHER_CACHE_BYPASS, Optional.of(new TopologySettings.CacheBypass("/type", "lead.updated")));
    }

    /** A harness whose meters the test reads. */
    private static final class Harness extends TopologyHarness {
        Harness(TopologySettings settings) {
            super(settings);
        }

        double stale(StaleCause cause) {
            return registry.get(TopologyMetrics.STALE_EMISSIONS).tag("cause", cause.name()).counter().count();
        }

        double oldestStaleAgeSeconds() {
            return registry.get(TopologyMetrics.STALE_OLDEST_AGE).gauge().value();
        }
    }

    private static Harness harness(TopologySettings settings) {
        return new Harness(settings);
    }

    /** Fetches the lead once (fresh output), then lets the entry expire; returns the fetched-at of that output. */
    private static long warmThenExpire(Harness h, String id) {
        h.pipe(null, event(id));
        h.lookup.complete(id, TopologyHarness.foundFor(id));
        h.tick();
        TestRecord<String, byte[]> fresh = h.output.readRecord();
        assertThat(header(fresh, HeaderNames.STALE)).isEqualTo("false");
        h.advance(TTL.plusMinutes(1));
        return Long.parseLong(header(fresh, HeaderNames.FETCHED_AT));
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return TopologyHarness.header(r.headers(), name);
    }

    private static void assertStale(TestRecord<String, byte[]> out, String id, long fetchedAt) {
        assertThat(out.key()).isEqualTo(id);
        assertThat(header(out, HeaderNames.STALE)).isEqualTo("true");
        assertThat(header(out, HeaderNames.CACHE_HIT)).isEqualTo("true");
        assertThat(header(out, HeaderNames.FETCHED_AT)).as("the copy's own fetched-at").isEqualTo(Long.toString(fetchedAt));
        assertThat(io.rotor.enricher.testkit.TestLeadSerializer.deserialize(out.value())).isEqualTo(Fixtures.lead(id));
    }

    @Test
    void aGateClosedByA429ServesTheExpiredCopyAtOnceWithoutACall() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(1);
            long fetchedAt = warmThenExpire(h, id);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);

            h.pipe(null, event(id));
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.lookup.calls()).isEqualTo(1);
            assertThat(h.retry.isEmpty()).isTrue();
            assertThat(h.stale(StaleCause.QUOTA)).isEqualTo(1);
            assertThat(h.oldestStaleAgeSeconds()).isEqualTo((h.now() - fetchedAt) / 1000.0);
        }
    }

    @Test
    void aGateClosedByAKeyFaultServesTheExpiredCopy() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(2);
            long fetchedAt = warmThenExpire(h, id);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(5)), Outcome.AUTH_FAILED);

            h.pipe(null, event(id));
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.stale(StaleCause.KEY_FAULT)).isEqualTo(1);
            assertThat(h.lookup.calls()).isEqualTo(1);
        }
    }

    @Test
    void aRefreshAnsweredWithA429ServesEveryWaitingEventOfTheLead() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(3);
            long fetchedAt = warmThenExpire(h, id);

            // The gate is open: the first event after expiry starts the refresh and the others wait for it.
            for (int i = 0; i < 3; i++) {
                h.pipe(null, event(id));
            }
            assertThat(h.output.isEmpty()).as("waiting for the refresh").isTrue();
            assertThat(h.lookup.calls()).as("single-flight").isEqualTo(2);
            h.lookup.complete(id, LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "quota spent",
                    Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(8))));
            h.tick();
            for (int i = 0; i < 3; i++) {
                assertStale(h.output.readRecord(), id, fetchedAt);
            }
            assertThat(h.retry.isEmpty()).isTrue();
            assertThat(h.stale(StaleCause.QUOTA)).isEqualTo(3);
        }
    }

    @Test
    void aRefreshRefusedByTheOpenBreakerServesTheExpiredCopy() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(4);
            long fetchedAt = warmThenExpire(h, id);
            h.lookup.answerWith(lead -> LookupResult.refused(Outcome.UPSTREAM_ERROR, "breaker open",
                    Instant.ofEpochMilli(h.now()).plusSeconds(30)));

            h.pipe(null, event(id));
            h.tick();
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.stale(StaleCause.BREAKER)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"UPSTREAM_ERROR", "TIMEOUT", "NETWORK", "BAD_RESPONSE"})
    void aRefreshThatFailedServesTheExpiredCopy(Outcome failure) {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(5);
            long fetchedAt = warmThenExpire(h, id);

            h.pipe(null, event(id));
            h.lookup.complete(id, LookupResult.failure(failure, failure == Outcome.UPSTREAM_ERROR ? 503 : 0, null, "failed"));
            h.tick();
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.retry.isEmpty()).isTrue();
            assertThat(h.stale(StaleCause.valueOf(failure.name()))).isEqualTo(1);
        }
    }

    @Test
    void aSuccessfulRefreshIsEmittedFreshAndFetchedAtMovesForward() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(6);
            long first = warmThenExpire(h, id);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofMinutes(30)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            assertStale(h.output.readRecord(), id, first);

            h.advance(Duration.ofMinutes(31)); // the gate reopens: the next event refreshes and waits for it
            h.pipe(null, event(id));
            assertThat(h.output.isEmpty()).isTrue();
            h.lookup.complete(id, TopologyHarness.foundFor(id));
            h.tick();
            TestRecord<String, byte[]> fresh = h.output.readRecord();
            assertThat(header(fresh, HeaderNames.STALE)).isEqualTo("false");
            assertThat(header(fresh, HeaderNames.CACHE_HIT)).isEqualTo("false");
            assertThat(Long.parseLong(header(fresh, HeaderNames.FETCHED_AT))).isGreaterThan(first);
        }
    }

    @Test
    void pastTheWindowTheEventWaitsOnTheRetryTopicAndTheEntryIsPurged() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(7);
            long fetchedAt = warmThenExpire(h, id);
            KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            long expiresAt = CachedLead.decode(store.get(id)).expiresAtMs();
            assertThat(CachedLead.decode(store.get(id)).staleUntilMs()).isEqualTo(expiresAt + WINDOW.toMillis());

            // Just before the window's end the entry is kept and served; just after, it is purged and not served.
            h.advance(Duration.ofMillis(expiresAt + WINDOW.toMillis() - h.now() - 90_000));
            assertThat(store.get(id)).as("kept inside the window").isNotNull();
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            assertStale(h.output.readRecord(), id, fetchedAt);

            h.advance(Duration.ofMinutes(3));
            assertThat(store.get(id)).as("purged at expiry plus the window").isNull();
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.output.isEmpty()).isTrue();
            TestRecord<String, byte[]> parked = h.retry.readRecord();
            assertThat(parked.key()).isEqualTo(id);
            assertThat(header(parked, HeaderNames.ERROR_OUTCOME)).isEqualTo(Outcome.RATE_LIMITED.name());
        }
    }

    @Test
    void aNotFoundRefreshEndsStaleServingForTheLead() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(8);
            warmThenExpire(h, id);
            h.pipe(null, event(id));
            h.lookup.complete(id, LookupResult.failure(Outcome.NOT_FOUND, 404, "lead_not_found", "Lead not found"));
            h.tick();
            assertThat(h.output.isEmpty()).as("a deleted lead is not served").isTrue();
            assertThat(header(h.retry.readRecord(), HeaderNames.ERROR_OUTCOME)).isEqualTo(Outcome.NOT_FOUND.name());

            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.output.isEmpty()).as("the entry is negative now, not a stale copy").isTrue();
            assertThat(h.dlq.isEmpty() && h.retry.isEmpty()).as("routed as NOT_FOUND from the negative entry").isFalse();
            assertThat(h.stale(StaleCause.QUOTA)).isZero();
        }
    }

    @Test
    void anEventThatAskedForFreshDataIsNeverServedStale() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(9);
            long fetchedAt = warmThenExpire(h, id);
            byte[] wantsFresh = Fixtures.event(id, "lead.updated", 1);

            // A failed refresh: the ordinary event waiting with it gets the stale copy, the bypassing one retries.
            h.pipe(null, wantsFresh);
            h.pipe(null, event(id));
            h.lookup.complete(id, LookupResult.failure(Outcome.TIMEOUT, 0, null, "no response"));
            h.tick();
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(header(h.retry.readRecord(), HeaderNames.ERROR_OUTCOME)).isEqualTo(Outcome.TIMEOUT.name());

            // The gate closed: still not served stale.
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, wantsFresh);
            h.tick();
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(header(h.retry.readRecord(), HeaderNames.ERROR_OUTCOME)).isEqualTo(Outcome.RATE_LIMITED.name());
            assertThat(h.stale(StaleCause.TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void offByDefaultAnExpiredLeadWaitsAndEveryOutputSaysItIsNotStale() {
        try (Harness h = harness(TopologyHarness.defaults().with(Settings.ENRICHER_CACHE_TTL, TTL))) {
            String id = leadId(10);
            warmThenExpire(h, id);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            h.tick();
            assertThat(h.output.isEmpty()).isTrue();
            assertThat(h.retry.readRecord().key()).isEqualTo(id);
            assertThat(h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE).get(id))
                    .as("purged at expiry when the window is 0").isNull();
        }
    }

    @Test
    void theOldestStaleAgeGaugeForgetsAfterAMinute() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(11);
            long fetchedAt = warmThenExpire(h, id);
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            h.output.readRecord();
            double age = (h.now() - fetchedAt) / 1000.0;
            h.advance(Duration.ofSeconds(30));
            h.pipe(null, event(id));
            h.output.readRecord();
            assertThat(h.oldestStaleAgeSeconds()).as("the oldest in the last minute").isEqualTo(age + 30);
            h.advance(Duration.ofSeconds(61));
            assertThat(h.oldestStaleAgeSeconds()).isZero();
            assertThat(h.stale(StaleCause.QUOTA)).isEqualTo(2);
        }
    }

    @Test
    void entriesOfTheFirstReleaseAreStaleServable() {
        try (Harness h = harness(staleSettings())) {
            String id = leadId(12);
            KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(EnricherTopology.STORE_CACHE);
            // Release 0.1.0's format has no stale-until: the window in force applies to it.
            byte[] output = h.serializer.serialize(h.settings.outputTopic(), Fixtures.lead(id));
            long fetchedAt = h.now() - TTL.toMillis() - 60_000;
            store.put(id, CachedLeadTest.formatTwoEntry(1, output, List.of(), 200, null, null, fetchedAt, fetchedAt + TTL.toMillis()));
            h.gate.close(Instant.ofEpochMilli(h.now()).plus(Duration.ofHours(10)), Outcome.RATE_LIMITED);
            h.pipe(null, event(id));
            assertStale(h.output.readRecord(), id, fetchedAt);
            assertThat(h.lookup.calls()).isZero();
        }
    }
}
