package io.rotor.enricher.config;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the Rotor client, its quota gate and breaker (ROTOR_*): a typed view of {@link SettingValues}, so each
 * name, type and default is defined once, in {@link Settings}.
 */
public record RotorSettings(SettingValues values) {
    public static final URI DEFAULT_BASE_URL = Settings.DEFAULT_ROTOR_BASE_URL;
    /** The breaker's back-off doubles after each failed probe up to this ceiling. */
    public static final Duration BREAKER_BACKOFF_CEILING = Settings.BREAKER_BACKOFF_CEILING;

    public RotorSettings {
        Objects.requireNonNull(values, "values");
    }

    public static RotorSettings defaults() {
        return new RotorSettings(SettingValues.defaults());
    }

    /** A copy with one setting changed; typed values skip the text checks (see {@link SettingValues#with}). */
    public <T> RotorSettings with(Setting<T> setting, T value) {
        return new RotorSettings(values.with(setting, value));
    }

    public Secret apiKey() {
        return values.get(Settings.ROTOR_API_KEY);
    }

    public URI baseUrl() {
        return values.get(Settings.ROTOR_BASE_URL);
    }

    public boolean allowHttp() {
        return values.get(Settings.ROTOR_ALLOW_HTTP);
    }

    public Duration connectTimeout() {
        return values.get(Settings.ROTOR_CONNECT_TIMEOUT);
    }

    public Duration responseTimeout() {
        return values.get(Settings.ROTOR_RESPONSE_TIMEOUT);
    }

    public int maxConnections() {
        return values.get(Settings.ROTOR_MAX_CONNECTIONS);
    }

    public int dailyBudget() {
        return values.get(Settings.ROTOR_DAILY_BUDGET);
    }

    public LocalTime quotaResetTime() {
        return values.get(Settings.ROTOR_QUOTA_RESET_TIME);
    }

    public ZoneId quotaResetZone() {
        return values.get(Settings.ROTOR_QUOTA_RESET_ZONE);
    }

    public Duration authBackoff() {
        return values.get(Settings.ROTOR_AUTH_BACKOFF);
    }

    public int keyFaultLeads() {
        return values.get(Settings.ROTOR_KEY_FAULT_LEADS);
    }

    public int breakerFailures() {
        return values.get(Settings.ROTOR_BREAKER_FAILURES);
    }

    public Duration breakerBackoff() {
        return values.get(Settings.ROTOR_BREAKER_BACKOFF);
    }
}
