package io.rotor.enricher.sandbox;

import io.rotor.enricher.config.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the sandbox Rotor server behaves. Build with {@link #builder()}; every component has a default that
 * behaves like a healthy Rotor with one valid key ({@link #DEFAULT_API_KEY}) and Rotor's daily quota.
 *
 * @param bindAddress      the address to listen on: 127.0.0.1 by default; 0.0.0.0 inside a container
 * @param port             TCP port; 0 picks a free one
 * @param apiKeys          the keys the server accepts, each with its scopes
 * @param seed             seeds the lead catalog and every random choice (latency, faults)
 * @param catalogSize      how many known leads, the reference example included
 * @param quota            requests per key per period; {@link #NO_QUOTA} turns the quota off
 * @param quotaPeriod      the quota's period; periods are aligned to the epoch, so a day resets at 00:00 UTC
 * @param sendRetryAfter   whether a 429 carries {@code Retry-After} (seconds to the period's end); Rotor's
 *                         reference shows none, so the default is false
 * @param leadCreationRate leads created per second while the server runs ({@link SandboxRotorServer#createLead()}); 0: none
 * @param archivedReading  what {@code archived=true} on {@code GET /leads} means
 * @param quotaSpent       start with every key's quota used up until the first period ends (as if another client had
 *                         spent it); {@link SandboxRotorServer#spendQuota()} does the same while running
 * @param latency          fixed delay added to every response
 * @param latencyJitter    uniform extra delay in [0, jitter]
 * @param errorRate        share of lead requests answered 500
 * @param timeoutRate      share of lead requests never answered (held for {@code timeoutHold}, then closed)
 * @param resetRate        share of lead requests whose connection is closed without a response
 * @param malformedRate    share of lead requests answered 200 with a broken body
 * @param malformedKinds   which broken bodies to choose from
 * @param timeoutHold      how long a "timeout" request is held before its connection is closed; longer
 *                         than any client timeout. Closing the server releases held requests at once.
 * @param maxRecordedPaths how many request paths {@link SandboxStats#receivedPaths()} keeps (the first ones)
 * @param clock            time source of the quota periods and of {@code /auth/test}'s timestamp
 */
public record SandboxOptions(
        String bindAddress,
        int port,
        List<ApiKeyGrant> apiKeys,
        long seed,
        int catalogSize,
        int quota,
        Duration quotaPeriod,
        boolean sendRetryAfter,
        boolean quotaSpent,
        double leadCreationRate,
        ArchivedReading archivedReading,
        Duration latency,
        Duration latencyJitter,
        double errorRate,
        double timeoutRate,
        double resetRate,
        double malformedRate,
        Set<MalformedKind> malformedKinds,
        Duration timeoutHold,
        int maxRecordedPaths,
        Clock clock) {

    /** The key the sandbox accepts unless told otherwise; the demo and the compose stack use it. */
    public static final String DEFAULT_API_KEY = "sandbox-key";
    /** The scope {@code GET /leads} and {@code GET /leads/{id}} require. */
    public static final String SCOPE_LEADS_READ = "leads:read";
    /** Rotor's documented daily quota per key. */
    public static final int ROTOR_DAILY_QUOTA = 1000;
    /** A {@link #quota()} of 0 means no quota at all (the benchmarks' default). */
    public static final int NO_QUOTA = 0;

    /** One accepted key and the scopes it grants. The key never shows in toString(). */
    public record ApiKeyGrant(Secret key, Set<String> scopes) {
        public ApiKeyGrant {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("an API key must not be blank");
            }
            scopes = Set.copyOf(scopes);
        }
    }

    public SandboxOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        apiKeys = List.copyOf(apiKeys);
        if (catalogSize < 1) {
            throw new IllegalArgumentException("catalogSize must be at least 1 (the reference example), was " + catalogSize);
        }
        if (quota < 0) {
            throw new IllegalArgumentException("quota must be >= 0 (0 = no quota), was " + quota);
        }
        requirePositive(quotaPeriod, "quotaPeriod");
        if (!(leadCreationRate >= 0 && leadCreationRate <= 10_000)) {
            throw new IllegalArgumentException("leadCreationRate must be within 0..10000 per second, was " + leadCreationRate);
        }
        Objects.requireNonNull(archivedReading, "archivedReading");
        requireNonNegative(latency, "latency");
        requireNonNegative(latencyJitter, "latencyJitter");
        requirePositive(timeoutHold, "timeoutHold");
        requireRate(errorRate, "errorRate");
        requireRate(timeoutRate, "timeoutRate");
        requireRate(resetRate, "resetRate");
        requireRate(malformedRate, "malformedRate");
        if (errorRate + timeoutRate + resetRate + malformedRate > 1.0 + 1e-9) {
            throw new IllegalArgumentException("errorRate + timeoutRate + resetRate + malformedRate must not exceed 1");
        }
        malformedKinds = malformedKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(malformedKinds));
        if (malformedRate > 0 && malformedKinds.isEmpty()) {
            throw new IllegalArgumentException("malformedRate > 0 needs at least one malformed kind");
        }
        if (maxRecordedPaths < 0) {
            throw new IllegalArgumentException("maxRecordedPaths must be >= 0, was " + maxRecordedPaths);
        }
        Objects.requireNonNull(clock, "clock");
    }

    public static SandboxOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean quotaEnabled() {
        return quota != NO_QUOTA;
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + rate);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 0;
        private final List<ApiKeyGrant> apiKeys = new ArrayList<>();
        private boolean apiKeysCustomised;
        private long seed = 42L;
        private int catalogSize = 100;
        private int quota = ROTOR_DAILY_QUOTA;
        private Duration quotaPeriod = Duration.ofDays(1);
        private boolean sendRetryAfter = false;
        private boolean quotaSpent = false;
        private double leadCreationRate;
        private ArchivedReading archivedReading = ArchivedReading.ONLY_ARCHIVED;
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private double errorRate;
        private double timeoutRate;
        private double resetRate;
        private double malformedRate;
        private Set<MalformedKind> malformedKinds = EnumSet.allOf(MalformedKind.class);
        private Duration timeoutHold = Duration.ofMinutes(10);
        private int maxRecordedPaths = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
            apiKeys.add(new ApiKeyGrant(Secret.of(DEFAULT_API_KEY), Set.of(SCOPE_LEADS_READ)));
        }

        private Builder(SandboxOptions from) {
            bindAddress = from.bindAddress;
            port = from.port;
            apiKeys.addAll(from.apiKeys);
            apiKeysCustomised = true;
            seed = from.seed;
            catalogSize = from.catalogSize;
            quota = from.quota;
            quotaPeriod = from.quotaPeriod;
            sendRetryAfter = from.sendRetryAfter;
            quotaSpent = from.quotaSpent;
            leadCreationRate = from.leadCreationRate;
            archivedReading = from.archivedReading;
            latency = from.latency;
            latencyJitter = from.latencyJitter;
            errorRate = from.errorRate;
            timeoutRate = from.timeoutRate;
            resetRate = from.resetRate;
            malformedRate = from.malformedRate;
            malformedKinds = from.malformedKinds.isEmpty() ? EnumSet.noneOf(MalformedKind.class) : EnumSet.copyOf(from.malformedKinds);
            timeoutHold = from.timeoutHold;
            maxRecordedPaths = from.maxRecordedPaths;
            clock = from.clock;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Accepts {@code key} with {@code scopes}. The first call replaces the default key; later calls add
         * more keys.
         */
        public Builder apiKey(String key, Set<String> scopes) {
            if (!apiKeysCustomised) {
                apiKeys.clear();
                apiKeysCustomised = true;
            }
            apiKeys.add(new ApiKeyGrant(Secret.of(key), scopes));
            return this;
        }

        /** Accepts {@code key} with the {@code leads:read} scope. */
        public Builder apiKey(String key) {
            return apiKey(key, Set.of(SCOPE_LEADS_READ));
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder catalogSize(int catalogSize) {
            this.catalogSize = catalogSize;
            return this;
        }

        public Builder quota(int quota) {
            this.quota = quota;
            return this;
        }

        public Builder noQuota() {
            return quota(NO_QUOTA);
        }

        public Builder quotaPeriod(Duration quotaPeriod) {
            this.quotaPeriod = quotaPeriod;
            return this;
        }

        public Builder sendRetryAfter(boolean sendRetryAfter) {
            this.sendRetryAfter = sendRetryAfter;
            return this;
        }

        /** Starts with the quota used up until the first period ends. */
        public Builder quotaSpent(boolean quotaSpent) {
            this.quotaSpent = quotaSpent;
            return this;
        }

        /** Leads created per second while the server runs (0: none). */
        public Builder leadCreationRate(double perSecond) {
            this.leadCreationRate = perSecond;
            return this;
        }

        public Builder archivedReading(ArchivedReading reading) {
            this.archivedReading = reading;
            return this;
        }

        public Builder latency(Duration fixed, Duration jitter) {
            this.latency = fixed;
            this.latencyJitter = jitter;
            return this;
        }

        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        public Builder timeoutRate(double timeoutRate) {
            this.timeoutRate = timeoutRate;
            return this;
        }

        public Builder resetRate(double resetRate) {
            this.resetRate = resetRate;
            return this;
        }

        public Builder malformedRate(double malformedRate) {
            this.malformedRate = malformedRate;
            return this;
        }

        public Builder malformedKinds(Set<MalformedKind> malformedKinds) {
            this.malformedKinds = malformedKinds.isEmpty() ? EnumSet.noneOf(MalformedKind.class) : EnumSet.copyOf(malformedKinds);
            return this;
        }

        public Builder timeoutHold(Duration timeoutHold) {
            this.timeoutHold = timeoutHold;
            return this;
        }

        public Builder maxRecordedPaths(int maxRecordedPaths) {
            this.maxRecordedPaths = maxRecordedPaths;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public SandboxOptions build() {
            return new SandboxOptions(bindAddress, port, apiKeys, seed, catalogSize, quota, quotaPeriod, sendRetryAfter,
                    quotaSpent, leadCreationRate, archivedReading, latency, latencyJitter, errorRate, timeoutRate, resetRate, malformedRate, malformedKinds,
                    timeoutHold, maxRecordedPaths, clock);
        }
    }
}
