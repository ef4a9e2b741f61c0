package io.rotor.enricher.demo;

import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.config.TopologySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the demo runs: the event stream, the sandbox Rotor's behaviour, and an overall deadline. The service's
 * own settings are the production defaults except the waits that are sized for a day (retry back-off, rate-limit
 * spread, not-found delay): the demo shortens those so a whole 429 storm and its recovery fit in seconds.
 *
 * @param events        events to produce
 * @param leads         leads in the sandbox catalog (the hot set)
 * @param rate          events produced per second; 0 for as fast as the broker takes them
 * @param latency       mean sandbox latency
 * @param latencyJitter the latency varies uniformly by up to this much either way
 * @param errorRate     share of lookups the sandbox answers 500
 * @param timeoutRate   share it never answers (the client times out)
 * @param resetRate     share whose connection it resets
 * @param malformedRate share it answers with a broken 200 body
 * @param quota         lookups the sandbox allows per quota period before answering 429
 * @param quotaPeriod   the quota's period (Rotor's is a day); the 429 carries Retry-After to its end
 * @param partitions    partitions of the input topic
 * @param timeout       the demo gives up waiting for results after this long
 * @param seed          seeds the event stream and the sandbox
 */
public record DemoOptions(
        int events,
        int leads,
        int rate,
        Duration latency,
        Duration latencyJitter,
        double errorRate,
        double timeoutRate,
        double resetRate,
        double malformedRate,
        int quota,
        Duration quotaPeriod,
        int partitions,
        Duration timeout,
        long seed) {

    /** The Rotor client gives up on a request after this long; the sandbox holds "timeout" requests far longer. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);

    public DemoOptions {
        requirePositive(events, "--events");
        requirePositive(leads, "--leads");
        requirePositive(partitions, "--partitions");
        requirePositive(quota, "--quota");
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (as fast as possible) or more, was " + rate);
        }
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyJitter, "latencyJitter");
        if (latency.isNegative() || latencyJitter.isNegative()) {
            throw new IllegalArgumentException("--latency and --latency-jitter must not be negative");
        }
        if (latencyJitter.compareTo(latency) > 0) {
            throw new IllegalArgumentException("--latency-jitter (" + latencyJitter.toMillis() + "ms) must not exceed --latency ("
                    + latency.toMillis() + "ms): a response cannot arrive before it was asked for");
        }
        for (double r : new double[] {errorRate, timeoutRate, resetRate, malformedRate}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("fault rates must be within 0..1, e.g. --error-rate 0.02");
            }
        }
        if (errorRate + timeoutRate + resetRate + malformedRate > 0.5) {
            throw new IllegalArgumentException("fault rates add up to more than 0.5: most lookups would fail and the demo would only show retries");
        }
        requirePositive(quotaPeriod, "--quota-period");
        requirePositive(timeout, "--timeout");
    }

    public static DemoOptions defaults() {
        return new DemoOptions(5_000, 100, 2_000, Duration.ofMillis(40), Duration.ofMillis(30),
                0.02, 0.005, 0.01, 0.01, 50, Duration.ofSeconds(3), 3, Duration.ofSeconds(90), 42L);
    }

    /**
     * The production topology defaults, with the day-sized waits shortened to demo scale, and the catalog sync on:
     * the leads table is a copy of the sandbox's invented leads.
     */
    public TopologySettings topologySettings() {
        return TopologySettings.defaults()
                .with(Settings.ENRICHER_APPLICATION_ID, "rotor-lead-enricher-demo")
                .with(Settings.ENRICHER_CATALOG_SYNC, true)
                .with(Settings.ENRICHER_RATE_LIMIT_SPREAD, Duration.ofSeconds(1))
                .with(Settings.ENRICHER_RETRY_BACKOFF_BASE, Duration.ofMillis(200))
                .with(Settings.ENRICHER_RETRY_BACKOFF_MAX, Duration.ofSeconds(2))
                .with(Settings.ENRICHER_NOT_FOUND_DELAY, Duration.ofSeconds(1))
                .with(Settings.ENRICHER_RETRY_POLL_INTERVAL, Duration.ofMillis(200));
    }

    /** The production client defaults against the sandbox at {@code baseUrl}, with demo-scale timeouts. */
    public RotorSettings rotorSettings(URI baseUrl, Secret apiKey) {
        return RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, apiKey)
                .with(Settings.ROTOR_BASE_URL, baseUrl)
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_CONNECT_TIMEOUT, RESPONSE_TIMEOUT)
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, RESPONSE_TIMEOUT)
                .with(Settings.ROTOR_DAILY_BUDGET, quota)
                .with(Settings.ROTOR_AUTH_BACKOFF, Duration.ofSeconds(2))
                .with(Settings.ROTOR_BREAKER_BACKOFF, Duration.ofSeconds(1));
    }

    private static void requirePositive(int n, String option) {
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, was " + n);
        }
    }

    private static void requirePositive(Duration d, String option) {
        Objects.requireNonNull(d, option);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, was " + d);
        }
    }
}
