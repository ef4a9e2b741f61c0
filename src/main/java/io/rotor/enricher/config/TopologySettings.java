package io.rotor.enricher.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the enrichment topology: topics, id extraction, lookups, cache, retry and DLQ (ENRICHER_*). */
/**
 * The topology's settings (ENRICHER_* of the topology, and ENRICHER_APPLICATION_ID): a typed view of
 * {@link SettingValues}, so each name, type and default is defined once, in {@link Settings}. Parts that need only
 * a few settings get a slice ({@link #retry()}, {@link #leadId()}).
 */
public record TopologySettings(SettingValues values) {
    public TopologySettings {
        Objects.requireNonNull(values, "values");
    }

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
        return new TopologySettings(SettingValues.defaults());
    }

    /** A copy with one setting changed; typed values skip the text checks (see {@link SettingValues#with}). */
    public <T> TopologySettings with(Setting<T> setting, T value) {
        return new TopologySettings(values.with(setting, value));
    }

    public String applicationId() {
        return values.get(Settings.ENRICHER_APPLICATION_ID);
    }

    public String inputTopic() {
        return values.get(Settings.ENRICHER_INPUT_TOPIC);
    }

    public String outputTopic() {
        return values.get(Settings.ENRICHER_OUTPUT_TOPIC);
    }

    public String retryTopic() {
        return values.get(Settings.ENRICHER_RETRY_TOPIC);
    }

    public String replayTopic() {
        return values.get(Settings.ENRICHER_REPLAY_TOPIC);
    }

    public String dlqTopic() {
        return values.get(Settings.ENRICHER_DLQ_TOPIC);
    }

    public LeadIdSource leadIdSource() {
        return values.get(Settings.ENRICHER_LEAD_ID_SOURCE);
    }

    public String leadIdPointer() {
        return values.get(Settings.ENRICHER_LEAD_ID_POINTER);
    }

    public String leadIdHeader() {
        return values.get(Settings.ENRICHER_LEAD_ID_HEADER);
    }

    public int leadIdMaxLength() {
        return values.get(Settings.ENRICHER_LEAD_ID_MAX_LENGTH);
    }

    public int maxEventBytes() {
        return values.get(Settings.ENRICHER_MAX_EVENT_BYTES);
    }

    public OptionalInt partitions() {
        return values.get(Settings.ENRICHER_PARTITIONS);
    }

    public int maxInFlight() {
        return values.get(Settings.ENRICHER_MAX_IN_FLIGHT);
    }

    public int maxPending() {
        return values.get(Settings.ENRICHER_MAX_PENDING);
    }

    public List<String> passHeaders() {
        return values.get(Settings.ENRICHER_PASS_HEADERS);
    }

    public Duration cacheTtl() {
        return values.get(Settings.ENRICHER_CACHE_TTL);
    }

    public Duration notFoundTtl() {
        return values.get(Settings.ENRICHER_NOT_FOUND_TTL);
    }

    /** ENRICHER_STALE_IF_ERROR: zero when stale serving is off. */
    public Duration staleIfError() {
        return values.get(Settings.ENRICHER_STALE_IF_ERROR);
    }

    public Optional<CacheBypass> cacheBypass() {
        return values.get(Settings.ENRICHER_CACHE_BYPASS);
    }

    public Duration rateLimitSpread() {
        return values.get(Settings.ENRICHER_RATE_LIMIT_SPREAD);
    }

    public Duration retryBackoffBase() {
        return values.get(Settings.ENRICHER_RETRY_BACKOFF_BASE);
    }

    public Duration retryBackoffMax() {
        return values.get(Settings.ENRICHER_RETRY_BACKOFF_MAX);
    }

    public int notFoundRetries() {
        return values.get(Settings.ENRICHER_NOT_FOUND_RETRIES);
    }

    public Duration notFoundDelay() {
        return values.get(Settings.ENRICHER_NOT_FOUND_DELAY);
    }

    public int maxAttempts() {
        return values.get(Settings.ENRICHER_MAX_ATTEMPTS);
    }

    public Duration maxRetryAge() {
        return values.get(Settings.ENRICHER_MAX_RETRY_AGE);
    }

    public Duration retryPollInterval() {
        return values.get(Settings.ENRICHER_RETRY_POLL_INTERVAL);
    }

    /** ENRICHER_CATALOG_SYNC: the leads table is written and read. */
    public boolean catalogSync() {
        return values.get(Settings.ENRICHER_CATALOG_SYNC);
    }

    public String catalogTopic() {
        return values.get(Settings.ENRICHER_CATALOG_TOPIC);
    }

    public Duration catalogSyncInterval() {
        return values.get(Settings.ENRICHER_CATALOG_SYNC_INTERVAL);
    }

    /** The calls the sync may make per quota day: ENRICHER_CATALOG_DAILY_SHARE percent of ROTOR_DAILY_BUDGET, at least 1. */
    public int catalogDailyCalls() {
        long calls = (long) values.get(Settings.ROTOR_DAILY_BUDGET) * values.get(Settings.ENRICHER_CATALOG_DAILY_SHARE) / 100;
        return (int) Math.max(1, calls);
    }

    public boolean catalogArchived() {
        return values.get(Settings.ENRICHER_CATALOG_ARCHIVED);
    }

    public String catalogStage() {
        return values.get(Settings.ENRICHER_CATALOG_STAGE);
    }

    public List<String> catalogTags() {
        return values.get(Settings.ENRICHER_CATALOG_TAGS);
    }

    public int catalogPageMaxBytes() {
        return values.get(Settings.ENRICHER_CATALOG_PAGE_MAX_BYTES);
    }

    /** Misses wait for sweeps of the newest leads: ENRICHER_CATALOG_SYNC on and ENRICHER_NEW_LEAD_WAIT above 0. */
    public boolean sweeps() {
        return catalogSync() && !newLeadWait().isZero();
    }

    public Duration newLeadWait() {
        return values.get(Settings.ENRICHER_NEW_LEAD_WAIT);
    }

    public Duration sweepMinInterval() {
        return values.get(Settings.ENRICHER_SWEEP_MIN_INTERVAL);
    }

    public Duration sweepBackoff() {
        return values.get(Settings.ENRICHER_SWEEP_BACKOFF);
    }

    /**
     * The compacted single-partition topic the syncer publishes each sweep's coverage on, read by every instance into
     * the {@code sweep-watermark} global store (ENRICHER_CATALOG_SYNC).
     */
    public String sweepWatermarkTopic() {
        return applicationId() + "-sweep-watermark";
    }

    /** The retry and dead-letter policy's settings. */
    public RetrySettings retry() {
        return new RetrySettings(rateLimitSpread(), retryBackoffBase(), retryBackoffMax(), notFoundRetries(),
                notFoundDelay(), maxAttempts(), maxRetryAge(), retryPollInterval());
    }

    /** Where and how the lead id of an event is read. */
    public LeadIdSettings leadId() {
        return new LeadIdSettings(leadIdSource(), leadIdPointer(), leadIdHeader(), leadIdMaxLength());
    }

    /** max.message.bytes for every topic an accepted event passes through, and the producer's max.request.size. */
    public int topicMaxMessageBytes() {
        return maxEventBytes() + TOPIC_HEADROOM_BYTES;
    }

    /**
     * The catalog syncer's topic: one partition, so Kafka Streams gives its one task to one instance of the fleet;
     * nothing is written to it.
     */
    public String catalogSyncTopic() {
        return applicationId() + "-catalog-sync";
    }

    /** The compacted topic that shares the quota gate between instances and restarts. */
    public String gateTopic() {
        return applicationId() + "-quota-gate";
    }
}
