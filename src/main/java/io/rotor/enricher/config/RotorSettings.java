package io.rotor.enricher.config;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** Settings of the Rotor client, its quota gate and breaker (ROTOR_*). */
public record RotorSettings(
        Secret apiKey,
        URI baseUrl,
        boolean allowHttp,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections,
        int dailyBudget,
        LocalTime quotaResetTime,
        ZoneId quotaResetZone,
        Duration authBackoff,
        int breakerFailures,
        Duration breakerBackoff) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.getrotor.com/open-api");
    /** The breaker's back-off doubles after each failed probe up to this ceiling. */
    public static final Duration BREAKER_BACKOFF_CEILING = Duration.ofMinutes(10);

    public static RotorSettings defaults() {
        return new RotorSettings(
                Secret.of(""),
                DEFAULT_BASE_URL,
                false,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                64,
                1000,
                LocalTime.MIDNIGHT,
                ZoneId.of("UTC"),
                Duration.ofMinutes(5),
                5,
                Duration.ofSeconds(30));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a settings value with some components changed; the config loader and tests use it. */
    public static final class Builder {
        private Secret apiKey;
        private URI baseUrl;
        private boolean allowHttp;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private int maxConnections;
        private int dailyBudget;
        private LocalTime quotaResetTime;
        private ZoneId quotaResetZone;
        private Duration authBackoff;
        private int breakerFailures;
        private Duration breakerBackoff;

        private Builder(RotorSettings from) {
            this.apiKey = from.apiKey;
            this.baseUrl = from.baseUrl;
            this.allowHttp = from.allowHttp;
            this.connectTimeout = from.connectTimeout;
            this.responseTimeout = from.responseTimeout;
            this.maxConnections = from.maxConnections;
            this.dailyBudget = from.dailyBudget;
            this.quotaResetTime = from.quotaResetTime;
            this.quotaResetZone = from.quotaResetZone;
            this.authBackoff = from.authBackoff;
            this.breakerFailures = from.breakerFailures;
            this.breakerBackoff = from.breakerBackoff;
        }

        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder allowHttp(boolean allowHttp) {
            this.allowHttp = allowHttp;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder dailyBudget(int dailyBudget) {
            this.dailyBudget = dailyBudget;
            return this;
        }

        public Builder quotaResetTime(LocalTime quotaResetTime) {
            this.quotaResetTime = quotaResetTime;
            return this;
        }

        public Builder quotaResetZone(ZoneId quotaResetZone) {
            this.quotaResetZone = quotaResetZone;
            return this;
        }

        public Builder authBackoff(Duration authBackoff) {
            this.authBackoff = authBackoff;
            return this;
        }

        public Builder breakerFailures(int breakerFailures) {
            this.breakerFailures = breakerFailures;
            return this;
        }

        public Builder breakerBackoff(Duration breakerBackoff) {
            this.breakerBackoff = breakerBackoff;
            return this;
        }

        public RotorSettings build() {
            return new RotorSettings(apiKey, baseUrl, allowHttp, connectTimeout, responseTimeout, maxConnections, dailyBudget, quotaResetTime, quotaResetZone, authBackoff, breakerFailures, breakerBackoff);
        }
    }
}
