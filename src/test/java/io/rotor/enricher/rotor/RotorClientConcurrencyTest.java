package io.rotor.enricher.rotor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.testkit.RotorReference;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RotorClientConcurrencyTest {
    private WireMockServer wm;
    private RotorClient client;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().containerThreads(40));
        wm.start();
        wm.stubFor(get(urlPathMatching("/leads/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(RotorReference.LEAD_200_ANY_ID).withFixedDelay(20)));
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        wm.stop();
    }

    @Test
    void thousandConcurrentLookupsThroughABoundedPoolWithoutAThreadPerRequest() throws Exception {
        RotorSettings settings = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of("k"))
                .with(Settings.ROTOR_BASE_URL, URI.create(wm.baseUrl()))
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_MAX_CONNECTIONS, 16)
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(30));
        client = new RotorClient(settings, Clock.systemUTC(), new SimpleMeterRegistry());
        client.lookup("warm-up").get(10, TimeUnit.SECONDS);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int baseline = threads.getThreadCount();
        int peakThreads = baseline;
        int peakLeased = 0;
        int peakPending = 0;

        List<CompletableFuture<LookupResult>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(client.lookup("lead-" + i));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!all.isDone() && System.nanoTime() < deadline) {
            peakThreads = Math.max(peakThreads, threads.getThreadCount());
            PoolStats stats = client.poolStats();
            peakLeased = Math.max(peakLeased, stats.getLeased());
            peakPending = Math.max(peakPending, stats.getPending());
            try {
                all.get(5, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // sample again
            }
        }
        all.get(1, TimeUnit.SECONDS);

        assertThat(futures).allSatisfy(f -> assertThat(f.join().outcome()).isEqualTo(Outcome.FOUND));
        assertThat(wm.findAll(getRequestedFor(anyUrl()))).hasSize(1001);
        assertThat(peakLeased).isLessThanOrEqualTo(16).isPositive();
        assertThat(peakPending).as("requests queued for a connection").isGreaterThan(100);
        // WireMock's bounded server pool may grow a little; a thread per request would add ~1000.
        assertThat(peakThreads - baseline).as("threads added during the run").isLessThan(50);
        long clientThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("rotor-client-io-")).count();
        assertThat(clientThreads).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 1);
    }
}
