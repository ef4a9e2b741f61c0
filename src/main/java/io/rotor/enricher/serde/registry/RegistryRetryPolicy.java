package io.rotor.enricher.serde.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the REST client retries 5xx, 408, 429 and I/O errors: at most {@code maxRetries} retries, waiting with
 * exponential backoff and full jitter, and never past {@code budget} counted from the first attempt. The
 * budget keeps a registry call (timeouts included) well inside Kafka Streams' exactly-once transaction
 * timeout of 10 s.
 *
 * @param maxRetries  retries after the first attempt
 * @param initialWait the cap of the first wait; each retry doubles it
 * @param maxWait     the largest cap
 * @param budget      total time for all attempts and waits of one call
 */
public record RegistryRetryPolicy(int maxRetries, Duration initialWait, Duration maxWait, Duration budget) {
    public static final RegistryRetryPolicy DEFAULT =
            new RegistryRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3));

    public RegistryRetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        Objects.requireNonNull(initialWait, "initialWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(budget, "budget");
        if (initialWait.toMillis() < 1 || maxWait.compareTo(initialWait) < 0 || budget.isNegative()) {
            throw new IllegalArgumentException("need 1 ms <= initialWait <= maxWait and budget >= 0");
        }
    }

    /** The cap of the wait before retry number {@code retry} (0 = first retry): min(initial * 2^retry, max). */
    public long capMillis(int retry) {
        long doubled = initialWait.toMillis() << Math.min(Math.max(retry, 0), 30);
        return Math.min(doubled, maxWait.toMillis());
    }

    /** Full jitter: a wait drawn uniformly from [1, {@link #capMillis(int)}] milliseconds. */
    public long backoffMillis(int retry, RandomGenerator random) {
        return 1 + random.nextLong(capMillis(retry));
    }
}
