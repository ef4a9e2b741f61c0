package io.rotor.enricher.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RegistryRetryPolicy policy =
            new RegistryRetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(4));

    @Test
    void capsDoubleFromTheInitialWaitUpToTheMaximum() {
        assertThat(LongStream.range(0, 7).map(retry -> policy.capMillis((int) retry)).toArray())
                .containsExactly(100, 200, 400, 800, 1000, 1000, 1000);
        assertThat(policy.capMillis(500)).isEqualTo(1000);
    }

    @Test
    void fullJitterStaysWithinOneAndTheCapAndSpansTheRange() {
        Random seeded = new Random(20240521L);
        for (int retry = 0; retry < 7; retry++) {
            long cap = policy.capMillis(retry);
            int r = retry;
            LongSummaryStatistics waits = LongStream.range(0, 5_000)
                    .map(i -> policy.backoffMillis(r, seeded))
                    .summaryStatistics();

            assertThat(waits.getMin()).isGreaterThanOrEqualTo(1).isLessThan(cap / 20 + 2);
            assertThat(waits.getMax()).isLessThanOrEqualTo(cap).isGreaterThan(cap - cap / 20 - 1);
            assertThat(waits.getAverage()).isBetween(cap * 0.4, cap * 0.6);
        }
    }

    @Test
    void theSameSeedGivesTheSameWaits() {
        Random first = new Random(7);
        Random second = new Random(7);
        for (int retry = 0; retry < 20; retry++) {
            assertThat(policy.backoffMillis(retry, first)).isEqualTo(policy.backoffMillis(retry, second));
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RegistryRetryPolicy(-1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegistryRetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsFitWellInsideTheExactlyOnceTransactionTimeout() {
        RestSchemaRegistryClient.Options defaults = RestSchemaRegistryClient.Options.defaults();
        // A last attempt may start just inside the budget and then wait for a pooled connection, connect,
        // shake hands (each up to the connect timeout) and wait for the response: a crude upper bound.
        Duration crudeWorstCase = defaults.retry().budget()
                .plus(defaults.connectTimeout().multipliedBy(3))
                .plus(defaults.responseTimeout());

        assertThat(crudeWorstCase).isLessThan(Duration.ofSeconds(10));
    }
}
