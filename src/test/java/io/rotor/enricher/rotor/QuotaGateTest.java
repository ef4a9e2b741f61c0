package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class QuotaGateTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final QuotaGate gate = new QuotaGate(Duration.ofMinutes(5), clock);

    @Test
    void openGateRefusesNothing() {
        assertThat(gate.current()).isEqualTo(GateState.OPEN);
        assertThat(gate.refusal(T0)).isEmpty();
    }

    @Test
    void rateLimitClosesUntilResumeAtWithRefusalsThatCostNothing() {
        Instant resumeAt = T0.plusSeconds(600);
        gate.closeForRateLimit(resumeAt, "HTTP 429", T0);

        LookupResult refused = gate.refusal(T0.plusSeconds(599)).orElseThrow();
        assertThat(refused.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(refused.attempted()).isFalse();
        assertThat(refused.resumeAt()).isEqualTo(resumeAt);
        assertThat(refused.httpStatus()).isZero();
        assertThat(gate.refusal(resumeAt)).isEmpty();
        assertThat(gate.current()).isEqualTo(new GateState(resumeAt, Outcome.RATE_LIMITED, "HTTP 429"));
    }

    @Test
    void configurationFaultsCloseForTheBackoffAndLogOncePerBackoff() {
        try (LogCapture logs = new LogCapture()) {
            gate.closeForConfiguration(Outcome.AUTH_FAILED, "Check ROTOR_API_KEY", T0);
            gate.closeForConfiguration(Outcome.AUTH_FAILED, "Check ROTOR_API_KEY", T0.plusMillis(10));
            gate.closeForConfiguration(Outcome.AUTH_FAILED, "Check ROTOR_API_KEY", T0.plusMillis(20));
            assertThat(gate.refusal(T0.plusSeconds(299)).orElseThrow().outcome()).isEqualTo(Outcome.AUTH_FAILED);
            assertThat(logs.lines()).filteredOn(l -> l.contains("Check ROTOR_API_KEY")).hasSize(1);

            Instant afterBackoff = T0.plusSeconds(301);
            gate.closeForConfiguration(Outcome.UNEXPECTED_STATUS, "check ROTOR_BASE_URL", afterBackoff);
            assertThat(gate.current().closedUntil()).isEqualTo(afterBackoff.plus(Duration.ofMinutes(5)));
            assertThat(gate.current().reason()).isEqualTo(Outcome.UNEXPECTED_STATUS);
            assertThat(logs.lines()).filteredOn(l -> l.contains("check ROTOR_BASE_URL")).hasSize(1);
        }
        assertThatThrownBy(() -> gate.closeForConfiguration(Outcome.TIMEOUT, "x", T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void laterClosingTimeWinsOnAdoptAndOnClose() {
        gate.closeForRateLimit(T0.plusSeconds(100), "a", T0);
        gate.adopt(new GateState(T0.plusSeconds(50), Outcome.AUTH_FAILED, "earlier"));
        assertThat(gate.current().closedUntil()).isEqualTo(T0.plusSeconds(100));
        gate.adopt(new GateState(T0.plusSeconds(200), Outcome.RATE_LIMITED, "from instance 2"));
        assertThat(gate.current()).isEqualTo(new GateState(T0.plusSeconds(200), Outcome.RATE_LIMITED, "from instance 2"));
        gate.adopt(GateState.OPEN);
        gate.adopt(null);
        assertThat(gate.current().closedUntil()).isEqualTo(T0.plusSeconds(200));
        // an auth fault inside a longer quota window does not shorten it
        gate.closeForConfiguration(Outcome.AUTH_FAILED, "x", T0.minusSeconds(150));
        assertThat(gate.current().reason()).isEqualTo(Outcome.RATE_LIMITED);
        // and one that ends later takes over
        gate.closeForConfiguration(Outcome.AUTH_FAILED, "x", T0);
        assertThat(gate.current().reason()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(gate.current().closedUntil()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void concurrentClosesKeepTheLatest() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 1000; i++) {
                    gate.adopt(new GateState(T0.plusSeconds(i * threads + offset), Outcome.RATE_LIMITED, "t"));
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) th.join();
        assertThat(gate.current().closedUntil()).isEqualTo(T0.plusSeconds(999 * threads + threads - 1));
    }

    @Test
    void aReopeningEndsTheClosingsTakenBeforeItAndKeepsAOneTakenSince() {
        try (LogCapture logs = new LogCapture()) {
            gate.closeForRateLimit(T0.plusSeconds(3600), "HTTP 429", T0);
            clock.advance(Duration.ofSeconds(10));
            gate.reopen(new GateState(Instant.EPOCH, null, "reopened by gate open"), T0.plusSeconds(5));
            assertThat(gate.isClosedAt(clock.instant())).isFalse();
            assertThat(gate.refusal(clock.instant())).isEmpty();
            assertThat(logs.lines()).filteredOn(l -> l.contains("reopened by an operator")).hasSize(1);
        }

        // A 429 after the reopening was published (this instance saw the record late): it stands.
        clock.advance(Duration.ofSeconds(10));
        Instant reopenedAt = clock.instant().minusSeconds(1);
        gate.closeForRateLimit(T0.plusSeconds(3600), "HTTP 429 again", clock.instant());
        gate.reopen(new GateState(Instant.EPOCH, null, "reopened by gate open"), reopenedAt);
        assertThat(gate.current().reason()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(gate.current().detail()).isEqualTo("HTTP 429 again");

        // The epoch's own closing (another instance's 429 after the reopening) is taken when it closes later.
        gate.reopen(new GateState(T0.plusSeconds(7200), Outcome.RATE_LIMITED, "theirs"), reopenedAt);
        assertThat(gate.current().closedUntil()).isEqualTo(T0.plusSeconds(7200));
    }
}
