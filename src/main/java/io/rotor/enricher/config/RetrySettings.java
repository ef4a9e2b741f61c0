package io.rotor.enricher.config;

import java.time.Duration;

/** The settings of the retry and dead-letter policy: the slice of {@link TopologySettings} it reads. */
public record RetrySettings(
        Duration rateLimitSpread,
        Duration retryBackoffBase,
        Duration retryBackoffMax,
        int notFoundRetries,
        Duration notFoundDelay,
        int maxAttempts,
        Duration maxRetryAge,
        Duration retryPollInterval) {
}
