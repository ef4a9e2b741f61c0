package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.event;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.rotor.LookupResult;
import io.rotor.enricher.rotor.Outcome;
import io.rotor.enricher.testkit.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promise: every consumed event ends in exactly one of output or dead-letter topic. Thousands of seeded random
 * events against a fake Rotor with random outcomes (some answered later, some closing the gate) and wall-clock
 * jumps; after draining, output + DLQ = input, each event (identified by its input offset) exactly once.
 */
class ConservationTest {

    @ParameterizedTest
    @ValueSource(longs = {42L})
    void everyEventEndsExactlyOnceInOutputOrDeadLetter(long seed) {
        TopologySettings settings = TopologyHarness.defaults()
                .with(Settings.ENRICHER_MAX_IN_FLIGHT, 8).with(Settings.ENRICHER_MAX_ATTEMPTS, 4).with(Settings.ENRICHER_MAX_RETRY_AGE, Duration.ofHours(2))
                .with(Settings.ENRICHER_RETRY_BACKOFF_BASE, Duration.ofSeconds(1)).with(Settings.ENRICHER_RETRY_BACKOFF_MAX, Duration.ofMinutes(1))
                .with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ofMinutes(1)).with(Settings.ENRICHER_NOT_FOUND_DELAY, Duration.ofMinutes(1))
                .with(Settings.ENRICHER_CACHE_TTL, Duration.ofMinutes(3)).with(Settings.ENRICHER_NOT_FOUND_TTL, Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(seed);
        try (TopologyHarness h = new TopologyHarness(settings, seed, props -> { })) {
            h.lookup.answerWith(id -> {
                int roll = random.nextInt(100);
                if (roll < 55) {
                    return TopologyHarness.foundFor(id);
                } else if (roll < 62) {
                    return LookupResult.failure(Outcome.NOT_FOUND, 404, "LEAD_NOT_FOUND", "Lead not found");
                } else if (roll < 72) {
                    return LookupResult.failure(Outcome.UPSTREAM_ERROR, 500, null, "internal");
                } else if (roll < 78) {
                    return LookupResult.failure(Outcome.TIMEOUT, 0, null, "timeout");
                } else if (roll < 84) {
                    return LookupResult.failure(Outcome.NETWORK, 0, null, "reset");
                } else if (roll < 89) {
                    return LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, "html");
                } else if (roll < 92) {
                    return LookupResult.failure(Outcome.AUTH_FAILED, 401, "AUTHENTICATION_REQUIRED", "auth");
                } else if (roll < 95) {
                    return LookupResult.failure(Outcome.UNEXPECTED_STATUS, 418, null, "teapot");
                } else {
                    Instant resumeAt = Instant.ofEpochMilli(h.now()).plusSeconds(60 + random.nextInt(600));
                    h.gate.close(resumeAt, Outcome.RATE_LIMITED);
                    return LookupResult.rateLimited(429, "RATE_LIMIT_EXCEEDED", "quota", resumeAt);
                }
            });
            int events = 2000;
            int invalid = 0;
            for (int i = 0; i < events; i++) {
                if (random.nextInt(100) < 3) {
                    h.pipe(utf8("bad-" + i), utf8("not json"));
                    invalid++;
                } else {
                    h.pipe(random.nextBoolean() ? null : utf8("k" + i), event(leadId(random.nextInt(300)), "lead.created", i));
                }
                int jump = random.nextInt(100);
                if (jump < 2) {
                    h.step(Duration.ofMinutes(random.nextInt(1, 20))); // a clock jump: punctuators fire once
                } else if (jump < 40) {
                    h.tick();
                }
            }
            Map<Long, Integer> seen = new HashMap<>();
            int drained = 0;
            for (int step = 0; step < 20_000 && drained < events; step++) {
                h.step(Duration.ofSeconds(5));
                for (TestRecord<String, byte[]> r : h.output.readRecordsToList()) {
                    seen.merge(Long.parseLong(TopologyHarness.header(r.headers(), HeaderNames.ORIGIN_OFFSET)), 1, Integer::sum);
                    drained++;
                }
                for (TestRecord<byte[], byte[]> r : h.dlq.readRecordsToList()) {
                    seen.merge(Long.parseLong(TopologyHarness.header(r.headers(), HeaderNames.STREAMS_ERROR_OFFSET)), 1, Integer::sum);
                    drained++;
                }
                h.retry.readRecordsToList();
            }
            assertThat(drained).isEqualTo(events);
            assertThat(seen).hasSize(events);
            assertThat(seen.values()).allMatch(count -> count == 1);
            assertThat(invalid).isPositive();
        }
    }
}
