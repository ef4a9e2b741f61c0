package io.rotor.enricher.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the enrichment topology: topics, id extraction, lookups, cache, retry and DLQ (ENRICHER_*). */
public record TopologySettings(
        String applicationId,
        String inputTopic,
        String outputTopic,
        String retryTopic,
        String dlqTopic,
        LeadIdSource leadIdSource,
        String leadIdPointer,
        String leadIdHeader,
        int leadIdMaxLength,
        int maxEventBytes,
        OptionalInt partitions,
        int maxInFlight,
        int maxPending,
        List<String> passHeaders,
        Duration cacheTtl,
        Duration notFoundTtl,
        Optional<CacheBypass> cacheBypass,
        Duration rateLimitSpread,
        Duration retryBackoffBase,
        Duration retryBackoffMax,
        int notFoundRetries,
        Duration notFoundDelay,
        int maxAttempts,
        Duration maxRetryAge,
        Duration retryPollInterval) {

    /** Where the lead id of an input event is read from. */
    public enum LeadIdSource { POINTER, KEY, HEADER }

    /** ENRICHER_CACHE_BYPASS: events whose JSON value at {@code pointer} equals {@code value} skip the cache. */
    public record CacheBypass(String pointer, String value) {
        /** Parses {@code /type=lead.updated}. */
        public static CacheBypass parse(String text) {
            int eq = text.indexOf('=');
            if (!text.startsWith("/") || eq < 2) {
                throw new IllegalArgumentException("'" + text + "' is not a bypass rule; write it as /json/pointer=value, e.g. /type=lead.updated");
            }
            return new CacheBypass(text.substring(0, eq), text.substring(eq + 1));
        }

        @Override
        public String toString() {
            return pointer + "=" + value;
        }
    }

    /** Room kept above the largest accepted event for headers and envelope in every topic it passes through. */
    public static final int TOPIC_HEADROOM_BYTES = 64 * 1024;

    public static TopologySettings defaults() {
        return new TopologySettings(
                "rotor-lead-enricher",
                "lead-events",
                "leads-enriched",
                "lead-events-retry",
                "lead-events-dlq",
                LeadIdSource.POINTER,
                "/lead_id",
                "lead_id",
                256,
                512 * 1024,
                OptionalInt.empty(),
                64,
                100_000,
                List.of("traceparent", "tracestate"),
                Duration.ofHours(24),
                Duration.ofMinutes(10),
                Optional.empty(),
                Duration.ofMinutes(10),
                Duration.ofSeconds(2),
                Duration.ofMinutes(30),
                1,
                Duration.ofMinutes(1),
                10,
                Duration.ofDays(7),
                Duration.ofSeconds(1));
    }

    /** max.message.bytes for every topic an accepted event passes through, and the producer's max.request.size. */
    public int topicMaxMessageBytes() {
        return maxEventBytes + TOPIC_HEADROOM_BYTES;
    }

    /** The compacted topic that shares the quota gate between instances and restarts. */
    public String gateTopic() {
        return applicationId + "-quota-gate";
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a settings value with some components changed; the config loader and tests use it. */
    public static final class Builder {
        private String applicationId;
        private String inputTopic;
        private String outputTopic;
        private String retryTopic;
        private String dlqTopic;
        private LeadIdSource leadIdSource;
        private String leadIdPointer;
        private String leadIdHeader;
        private int leadIdMaxLength;
        private int maxEventBytes;
        private OptionalInt partitions;
        private int maxInFlight;
        private int maxPending;
        private List<String> passHeaders;
        private Duration cacheTtl;
        private Duration notFoundTtl;
        private Optional<CacheBypass> cacheBypass;
        private Duration rateLimitSpread;
        private Duration retryBackoffBase;
        private Duration retryBackoffMax;
        private int notFoundRetries;
        private Duration notFoundDelay;
        private int maxAttempts;
        private Duration maxRetryAge;
        private Duration retryPollInterval;

        private Builder(TopologySettings from) {
            this.applicationId = from.applicationId;
            this.inputTopic = from.inputTopic;
            this.outputTopic = from.outputTopic;
            this.retryTopic = from.retryTopic;
            this.dlqTopic = from.dlqTopic;
            this.leadIdSource = from.leadIdSource;
            this.leadIdPointer = from.leadIdPointer;
            this.leadIdHeader = from.leadIdHeader;
            this.leadIdMaxLength = from.leadIdMaxLength;
            this.maxEventBytes = from.maxEventBytes;
            this.partitions = from.partitions;
            this.maxInFlight = from.maxInFlight;
            this.maxPending = from.maxPending;
            this.passHeaders = from.passHeaders;
            this.cacheTtl = from.cacheTtl;
            this.notFoundTtl = from.notFoundTtl;
            this.cacheBypass = from.cacheBypass;
            this.rateLimitSpread = from.rateLimitSpread;
            this.retryBackoffBase = from.retryBackoffBase;
            this.retryBackoffMax = from.retryBackoffMax;
            this.notFoundRetries = from.notFoundRetries;
            this.notFoundDelay = from.notFoundDelay;
            this.maxAttempts = from.maxAttempts;
            this.maxRetryAge = from.maxRetryAge;
            this.retryPollInterval = from.retryPollInterval;
        }

        public Builder applicationId(String applicationId) {
            this.applicationId = applicationId;
            return this;
        }

        public Builder inputTopic(String inputTopic) {
            this.inputTopic = inputTopic;
            return this;
        }

        public Builder outputTopic(String outputTopic) {
            this.outputTopic = outputTopic;
            return this;
        }

        public Builder retryTopic(String retryTopic) {
            this.retryTopic = retryTopic;
            return this;
        }

        public Builder dlqTopic(String dlqTopic) {
            this.dlqTopic = dlqTopic;
            return this;
        }

        public Builder leadIdSource(LeadIdSource leadIdSource) {
            this.leadIdSource = leadIdSource;
            return this;
        }

        public Builder leadIdPointer(String leadIdPointer) {
            this.leadIdPointer = leadIdPointer;
            return this;
        }

        public Builder leadIdHeader(String leadIdHeader) {
            this.leadIdHeader = leadIdHeader;
            return this;
        }

        public Builder leadIdMaxLength(int leadIdMaxLength) {
            this.leadIdMaxLength = leadIdMaxLength;
            return this;
        }

        public Builder maxEventBytes(int maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
            return this;
        }

        public Builder partitions(OptionalInt partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        public Builder passHeaders(List<String> passHeaders) {
            this.passHeaders = passHeaders;
            return this;
        }

        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
            return this;
        }

        public Builder notFoundTtl(Duration notFoundTtl) {
            this.notFoundTtl = notFoundTtl;
            return this;
        }

        public Builder cacheBypass(Optional<CacheBypass> cacheBypass) {
            this.cacheBypass = cacheBypass;
            return this;
        }

        public Builder rateLimitSpread(Duration rateLimitSpread) {
            this.rateLimitSpread = rateLimitSpread;
            return this;
        }

        public Builder retryBackoffBase(Duration retryBackoffBase) {
            this.retryBackoffBase = retryBackoffBase;
            return this;
        }

        public Builder retryBackoffMax(Duration retryBackoffMax) {
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        public Builder notFoundRetries(int notFoundRetries) {
            this.notFoundRetries = notFoundRetries;
            return this;
        }

        public Builder notFoundDelay(Duration notFoundDelay) {
            this.notFoundDelay = notFoundDelay;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder maxRetryAge(Duration maxRetryAge) {
            this.maxRetryAge = maxRetryAge;
            return this;
        }

        public Builder retryPollInterval(Duration retryPollInterval) {
            this.retryPollInterval = retryPollInterval;
            return this;
        }

        public TopologySettings build() {
            return new TopologySettings(applicationId, inputTopic, outputTopic, retryTopic, dlqTopic, leadIdSource, leadIdPointer, leadIdHeader, leadIdMaxLength, maxEventBytes, partitions, maxInFlight, maxPending, passHeaders, cacheTtl, notFoundTtl, cacheBypass, rateLimitSpread, retryBackoffBase, retryBackoffMax, notFoundRetries, notFoundDelay, maxAttempts, maxRetryAge, retryPollInterval);
        }
    }
}
