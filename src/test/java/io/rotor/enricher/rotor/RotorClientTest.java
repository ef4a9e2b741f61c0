package io.rotor.enricher.rotor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.MutableClock;
import io.rotor.enricher.testkit.RotorReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against WireMock: every outcome, the gate with a controlled clock, the breaker, auth check, metrics. */
class RotorClientTest {
    private static final String KEY = "sk-live-SECRET-4f9a0c2b7d";
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final String LEADS = "/open-api/leads/.*";

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<RotorClient> clients = new ArrayList<>();
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(RotorClient::close);
        wm.stop();
    }

    private RotorClient client() {
        return client(b -> b);
    }

    private RotorClient client(UnaryOperator<RotorSettings> customize) {
        RotorSettings b = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(KEY))
                .with(Settings.ROTOR_BASE_URL, URI.create(wm.baseUrl() + "/open-api"))
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(5));
        RotorClient c = new RotorClient(customize.apply(b), clock, registry);
        clients.add(c);
        return c;
    }

    private static LookupResult await(CompletableFuture<LookupResult> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private void stubLeads(ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathMatching(LEADS)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private int requests() {
        return wm.findAll(getRequestedFor(anyUrl())).size();
    }

    @ParameterizedTest
    @CsvSource({
            "200, lead-200.json, FOUND, ",
            "401, error-401.json, AUTH_FAILED, AUTHENTICATION_REQUIRED",
            "403, error-403.json, AUTH_FAILED, INSUFFICIENT_SCOPE",
            "404, error-404.json, NOT_FOUND, ",
            "429, error-429.json, RATE_LIMITED, RATE_LIMIT_EXCEEDED",
            "500, error-500.json, UPSTREAM_ERROR, "
    })
    void everyReferenceResponseEndToEnd(int status, String file, Outcome outcome, String errorCode) throws Exception {
        String body = switch (file) {
            case "lead-200.json" -> RotorReference.LEAD_200;
            case "error-401.json" -> RotorReference.ERROR_401;
            case "error-403.json" -> RotorReference.ERROR_403;
            case "error-404.json" -> RotorReference.ERROR_404;
            case "error-429.json" -> RotorReference.ERROR_429;
            default -> RotorReference.ERROR_500;
        };
        stubLeads(json(status, body));
        LookupResult r = await(client().lookup("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"));
        assertThat(r.outcome()).isEqualTo(outcome);
        assertThat(r.httpStatus()).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(errorCode);
        assertThat(r.attempted()).isTrue();
        wm.verify(1, getRequestedFor(urlEqualTo("/open-api/leads/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("rotor-api-version", equalTo("1.1.0"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("rotor-lead-enricher/dev")));
        assertThat(registry.get(RotorMetrics.CALLS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, outcome.name()).counter().count()).isEqualTo(1);
    }

    @Test
    void upstreamErrorsOfEveryFiveHundredAndUnlistedStatuses() throws Exception {
        RotorClient c = client(b -> b.with(Settings.ROTOR_BREAKER_FAILURES, 100));
        for (int status : new int[] {502, 503, 504}) {
            stubLeads(aResponse().withStatus(status).withBody("<html>gateway</html>"));
            assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        }
        stubLeads(aResponse().withStatus(400).withBody("{}"));
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        stubLeads(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/leads/x"));
        LookupResult r = await(client().lookup("x"));
        assertThat(r.outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
        assertThat(r.httpStatus()).isEqualTo(301);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void afterA429NoRequestReachesRotorUntilTheDailyReset() throws Exception {
        RotorClient c = client();
        stubLeads(json(429, RotorReference.ERROR_429));
        LookupResult first = await(c.lookup("a"));
        Instant midnight = Instant.parse("2026-05-02T00:00:00Z");
        assertThat(first.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(first.resumeAt()).isEqualTo(midnight);
        assertThat(c.gate().current()).extracting(GateState::closedUntil, GateState::reason)
                .containsExactly(midnight, Outcome.RATE_LIMITED);

        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
        for (int i = 0; i < 50; i++) {
            clock.set(T0.plusSeconds(i * 800L)); // through the afternoon and evening
            LookupResult r = await(c.lookup("lead-" + i));
            assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(r.attempted()).isFalse();
            assertThat(r.resumeAt()).isEqualTo(midnight);
        }
        clock.set(midnight.minusMillis(1));
        assertThat(await(c.lookup("b")).attempted()).isFalse();
        assertThat(requests()).isEqualTo(1);
        assertThat(registry.get(RotorMetrics.REFUSALS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_BY, RotorMetrics.BY_GATE).counter().count()).isEqualTo(51);

        clock.set(midnight);
        LookupResult after = await(c.lookup("c"));
        assertThat(after.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retryAfterInSeconds() throws Exception {
        RotorClient c = client();
        stubLeads(json(429, RotorReference.ERROR_429).withHeader("Retry-After", "120"));
        assertThat(await(c.lookup("a")).resumeAt()).isEqualTo(T0.plusSeconds(120));
        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
        clock.set(T0.plusSeconds(119));
        assertThat(await(c.lookup("a")).attempted()).isFalse();
        clock.set(T0.plusSeconds(120));
        assertThat(await(c.lookup("a")).outcome()).isEqualTo(Outcome.FOUND);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retryAfterAsHttpDate() throws Exception {
        RotorClient c = client();
        stubLeads(json(429, RotorReference.ERROR_429).withHeader("Retry-After", "Fri, 01 May 2026 12:30:00 GMT"));
        assertThat(await(c.lookup("a")).resumeAt()).isEqualTo(Instant.parse("2026-05-01T12:30:00Z"));
        clock.set(Instant.parse("2026-05-01T12:29:59Z"));
        assertThat(await(c.lookup("a")).attempted()).isFalse();
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void rateLimitResetHeaderWhenNoRetryAfter() throws Exception {
        RotorClient c = client();
        stubLeads(json(429, RotorReference.ERROR_429).withHeader("X-RateLimit-Reset", "900"));
        assertThat(await(c.lookup("a")).resumeAt()).isEqualTo(T0.plusSeconds(900));
    }

    @Test
    void dailyResetInAnotherZone() throws Exception {
        clock.set(Instant.parse("2026-07-10T03:00:00Z")); // 23:00 EDT on July 9
        RotorClient c = client(b -> b.with(Settings.ROTOR_QUOTA_RESET_ZONE, ZoneId.of("America/New_York")).with(Settings.ROTOR_QUOTA_RESET_TIME, LocalTime.MIDNIGHT));
        stubLeads(json(429, RotorReference.ERROR_429));
        assertThat(await(c.lookup("a")).resumeAt()).isEqualTo(Instant.parse("2026-07-10T04:00:00Z"));
    }

    @Test
    void requestsQueuedForAConnectionAreRefusedOnceA429Arrived() throws Exception {
        RotorClient c = client(b -> b.with(Settings.ROTOR_MAX_CONNECTIONS, 1));
        stubLeads(json(429, RotorReference.ERROR_429).withFixedDelay(300));
        List<CompletableFuture<LookupResult>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(c.lookup("lead-" + i));
        }
        List<LookupResult> results = new ArrayList<>();
        for (CompletableFuture<LookupResult> f : all) results.add(await(f));
        assertThat(results).filteredOn(LookupResult::attempted).hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED));
        assertThat(requests()).isEqualTo(1);
        assertThat(c.callsToday()).isEqualTo(1);
    }

    @Test
    void aGateStateAdoptedFromAnotherInstanceStopsCalls() throws Exception {
        RotorClient c = client();
        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
        c.gate().adopt(new GateState(T0.plusSeconds(60), Outcome.RATE_LIMITED, "HTTP 429 seen by instance 2"));
        LookupResult r = await(c.lookup("x"));
        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.attempted()).isFalse();
        assertThat(r.resumeAt()).isEqualTo(T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.FOUND);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void requestsQueuedForAConnectionAreRefusedOnceTheBreakerOpened() throws Exception {
        RotorClient c = client(b -> b.with(Settings.ROTOR_MAX_CONNECTIONS, 1).with(Settings.ROTOR_BREAKER_FAILURES, 1));
        stubLeads(json(500, RotorReference.ERROR_500).withFixedDelay(300));
        List<CompletableFuture<LookupResult>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(c.lookup("lead-" + i));
        }
        List<LookupResult> results = new ArrayList<>();
        for (CompletableFuture<LookupResult> f : all) results.add(await(f));
        assertThat(results).filteredOn(LookupResult::attempted).hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void aKeyRotorEchoesAtTheCutOfALongMessageIsRedactedBeforeTheCut() throws Exception {
        // The key starts 8 characters before the 500-character cut: cut first, 8 of its characters would survive.
        String message = "x".repeat(ResponseClassifier.MAX_MESSAGE_CHARS - 8) + KEY + " was rejected";
        stubLeads(json(500, "{\"status\":\"error\",\"error_code\":\"INTERNAL\",\"message\":\"" + message + "\"}"));

        LookupResult r = await(client().lookup("a"));

        assertThat(r.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        assertThat(r.message()).doesNotContain(KEY.substring(0, 8)).contains("****");
        assertThat(r.message().length()).isLessThanOrEqualTo(ResponseClassifier.MAX_MESSAGE_CHARS + 1);
    }

    @Test
    void authFailureClosesTheGateForTheBackoffAndLogsTheFixOnceWithoutTheKey() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RotorClient c = client(b -> b.with(Settings.ROTOR_AUTH_BACKOFF, Duration.ofMinutes(5)));
            stubLeads(json(401, RotorReference.ERROR_401));
            LookupResult r = await(c.lookup("a"));
            assertThat(r.outcome()).isEqualTo(Outcome.AUTH_FAILED);
            for (int i = 0; i < 5; i++) {
                LookupResult refused = await(c.lookup("a"));
                assertThat(refused.outcome()).isEqualTo(Outcome.AUTH_FAILED);
                assertThat(refused.attempted()).isFalse();
                assertThat(refused.resumeAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            }
            assertThat(requests()).isEqualTo(1);
            assertThat(logs.lines()).filteredOn(l -> l.contains("Check ROTOR_API_KEY")).hasSize(1);

            clock.advance(Duration.ofMinutes(5));
            stubLeads(json(403, RotorReference.ERROR_403));
            assertThat(await(c.lookup("a")).errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
            assertThat(requests()).isEqualTo(2);
            assertThat(logs.lines()).filteredOn(l -> l.contains("scope leads:read")).hasSize(1);

            assertThat(logs.all()).doesNotContain(KEY);
            assertThat(c.toString()).doesNotContain(KEY);
            assertThat(c.gate().current().detail()).doesNotContain(KEY);
        }
    }

    @Test
    void anUnexpectedStatusClosesTheGateOnlyOnceItCameForThreeDistinctLeads() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RotorClient c = client();
            stubLeads(aResponse().withStatus(404).withHeader("Content-Type", "text/html").withBody("<h1>Not Found</h1>"));
            LookupResult r = await(c.lookup("a"));
            assertThat(r.outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
            assertThat(r.httpStatus()).isEqualTo(404);
            // The same lead again, then a second lead: still about those leads, the gate stays open.
            assertThat(await(c.lookup("a")).attempted()).isTrue();
            assertThat(await(c.lookup("b")).attempted()).isTrue();
            assertThat(c.gate().current().isClosedAt(clock.instant())).isFalse();

            assertThat(await(c.lookup("c")).attempted()).isTrue();
            assertThat(c.gate().current().reason()).isEqualTo(Outcome.UNEXPECTED_STATUS);
            assertThat(await(c.lookup("d")).attempted()).isFalse();
            assertThat(requests()).isEqualTo(4);
            assertThat(logs.lines()).filteredOn(l -> l.contains("for at least 3 distinct leads")
                    && l.contains("check ROTOR_BASE_URL (" + wm.baseUrl() + "/open-api)")).hasSize(1);

            // After the back-off one probe that meets the same status closes the gate again: no new count of three.
            clock.advance(Duration.ofMinutes(5));
            assertThat(await(c.lookup("e")).attempted()).isTrue();
            assertThat(c.gate().current().isClosedAt(clock.instant())).isTrue();
            assertThat(requests()).isEqualTo(5);

            // Once Rotor answers as documented, a stray status is about its lead again.
            clock.advance(Duration.ofMinutes(5));
            stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
            assertThat(await(c.lookup("f")).outcome()).isEqualTo(Outcome.FOUND);
            stubLeads(aResponse().withStatus(404).withHeader("Content-Type", "text/html").withBody("<h1>Not Found</h1>"));
            assertThat(await(c.lookup("g")).outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
            assertThat(c.gate().current().isClosedAt(clock.instant())).isFalse();
        }
    }

    @Test
    void aFirewallsBare403ForOneLeadLeavesTheGateOpenForTheOthers() throws Exception {
        RotorClient c = client();
        stubLeads(aResponse().withStatus(403).withHeader("Content-Type", "text/html").withBody("<h1>Request blocked</h1>"));
        for (int i = 0; i < 10; i++) {
            LookupResult r = await(c.lookup("blocked"));
            assertThat(r.outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
            assertThat(r.attempted()).isTrue();
        }
        assertThat(c.gate().current().isClosedAt(clock.instant())).isFalse();

        // Distinct leads within ROTOR_AUTH_BACKOFF count; once the window has passed, the count starts again.
        assertThat(await(c.lookup("other-1")).attempted()).isTrue();
        clock.advance(Duration.ofMinutes(6));
        assertThat(await(c.lookup("other-2")).attempted()).isTrue();
        assertThat(c.gate().current().isClosedAt(clock.instant())).isFalse();
    }

    @Test
    void rotorsScopeEnvelopeIsAKeyFaultWhateverTheStatus() throws Exception {
        RotorClient c = client();
        stubLeads(json(400, RotorReference.ERROR_403));
        LookupResult r = await(c.lookup("a"));
        assertThat(r.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(r.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(c.gate().current().reason()).isEqualTo(Outcome.AUTH_FAILED);
    }

    @Test
    void breakerOpensAfterNFailuresThenExactlyOneProbeWithDoublingBackoff() throws Exception {
        RotorClient c = client(b -> b.with(Settings.ROTOR_BREAKER_FAILURES, 3).with(Settings.ROTOR_BREAKER_BACKOFF, Duration.ofSeconds(30)));
        stubLeads(json(500, RotorReference.ERROR_500));
        for (int i = 0; i < 3; i++) {
            assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        }
        LookupResult refused = await(c.lookup("x"));
        assertThat(refused.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        assertThat(refused.attempted()).isFalse();
        assertThat(refused.resumeAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(requests()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(30));
        stubLeads(json(500, RotorReference.ERROR_500).withFixedDelay(300));
        CompletableFuture<LookupResult> probe = c.lookup("x");
        LookupResult duringProbe = await(c.lookup("y"));
        assertThat(duringProbe.attempted()).isFalse();
        assertThat(c.breaker().state()).isEqualTo(Breaker.State.PROBING);
        assertThat(await(probe).attempted()).isTrue();
        assertThat(requests()).isEqualTo(4);
        assertThat(c.breaker().currentBackoff()).isEqualTo(Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(await(c.lookup("x")).attempted()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.FOUND);
        assertThat(c.breaker().state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(await(c.lookup("z")).outcome()).isEqualTo(Outcome.FOUND);
        assertThat(requests()).isEqualTo(6);
        assertThat(registry.get(RotorMetrics.REFUSALS).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_BY, RotorMetrics.BY_BREAKER).counter().count()).isEqualTo(3);
    }

    @Test
    void badResponsesTimeoutsAndNetworkFailuresAllFeedTheBreaker() throws Exception {
        RotorClient c = client(b -> b.with(Settings.ROTOR_BREAKER_FAILURES, 2).with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofMillis(300)));
        stubLeads(json(200, "<html>maintenance</html>"));
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        stubLeads(json(200, RotorReference.LEAD_200).withFixedDelay(2000));
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(c.breaker().state()).isEqualTo(Breaker.State.OPEN);
        assertThat(await(c.lookup("x")).outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void closeAnswersLookupsStillOnTheWireAsNetworkWithoutLoggingErrors() throws Exception {
        RotorClient c = client();
        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID).withFixedDelay(3000));
        try (LogCapture logs = new LogCapture()) {
            CompletableFuture<LookupResult> onTheWire = c.lookup("slow");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> wm.getAllServeEvents().size() == 1);
            c.close();
            // Whichever comes first, the closed connection or close() itself, the caller gets NETWORK at once.
            assertThat(onTheWire.get(2, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.NETWORK);
            LookupResult afterClose = await(c.lookup("after-close"));
            assertThat(afterClose.outcome()).isEqualTo(Outcome.NETWORK);
            assertThat(afterClose.message()).isEqualTo(RotorClient.CLOSED_MESSAGE);
            assertThat(logs.lines()).noneMatch(l -> l.contains("ERROR"));
        }
    }

    @Test
    void checkAuthReportsKeyScopesAndQuota() throws Exception {
        RotorClient c = client();
        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(json(200, """
                {"status": "success", "authenticated": true, "company_id": "comp_1", "user_id": "u1",
                 "auth_method": "api_key", "scopes": ["leads:read", "leads:write"], "timestamp": "2026-05-01T12:00:00Z"}""")));
        AuthCheck ok = c.checkAuth().get(10, TimeUnit.SECONDS);
        assertThat(ok.status()).isEqualTo(AuthCheck.Status.OK);
        assertThat(ok.authenticated()).isTrue();
        assertThat(ok.hasLeadsRead()).isTrue();
        assertThat(ok.companyId()).isEqualTo("comp_1");
        assertThat(ok.scopes()).containsExactly("leads:read", "leads:write");
        wm.verify(getRequestedFor(urlEqualTo("/open-api/auth/test")).withHeader("x-api-key", equalTo(KEY))
                .withHeader("rotor-api-version", equalTo("1.1.0")));

        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(json(200,
                "{\"status\": \"success\", \"authenticated\": true, \"company_id\": \"comp_1\", \"scopes\": [\"contacts:read\"]}")));
        AuthCheck noScope = c.checkAuth().get(10, TimeUnit.SECONDS);
        assertThat(noScope.status()).isEqualTo(AuthCheck.Status.MISSING_SCOPE);
        assertThat(noScope.authenticated()).isTrue();
        assertThat(noScope.hasLeadsRead()).isFalse();

        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(json(401, RotorReference.ERROR_401)));
        AuthCheck bad = c.checkAuth().get(10, TimeUnit.SECONDS);
        assertThat(bad.status()).isEqualTo(AuthCheck.Status.BAD_KEY);
        assertThat(bad.authenticated()).isFalse();
        assertThat(bad.message()).contains("AUTHENTICATION_REQUIRED").contains("ROTOR_API_KEY").doesNotContain(KEY);

        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(json(403, RotorReference.ERROR_403)));
        assertThat(c.checkAuth().get(10, TimeUnit.SECONDS).status()).isEqualTo(AuthCheck.Status.MISSING_SCOPE);

        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(aResponse().withStatus(404).withBody("<h1>no</h1>")));
        assertThat(c.checkAuth().get(10, TimeUnit.SECONDS).status()).isEqualTo(AuthCheck.Status.UNEXPECTED_RESPONSE);

        wm.stubFor(get(urlEqualTo("/open-api/auth/test")).willReturn(json(429, RotorReference.ERROR_429)));
        AuthCheck spent = c.checkAuth().get(10, TimeUnit.SECONDS);
        assertThat(spent.status()).isEqualTo(AuthCheck.Status.QUOTA_SPENT);
        assertThat(spent.authenticated()).isTrue();
        assertThat(spent.resumeAt()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
        assertThat(c.gate().isClosedAt(clock.instant())).isTrue();
        assertThat(await(c.lookup("x")).attempted()).isFalse();
    }

    @Test
    void lookupsAfterCloseCompleteNormallyAsNetwork() throws Exception {
        RotorClient c = client();
        c.close();
        LookupResult r = await(c.lookup("x"));
        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(requests()).isZero();
        assertThat(c.checkAuth().get(10, TimeUnit.SECONDS).status()).isEqualTo(AuthCheck.Status.UNREACHABLE);
    }

    @Test
    void checkAuthReportsAnUnreachableRotor() throws Exception {
        RotorClient c = client();
        wm.stop();
        AuthCheck r = c.checkAuth().get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AuthCheck.Status.UNREACHABLE);
        assertThat(r.httpStatus()).isZero();
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedAndThenWarned() {
        assertThatThrownBy(() -> client(b -> b.with(Settings.ROTOR_ALLOW_HTTP, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROTOR_ALLOW_HTTP")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> client(b -> b.with(Settings.ROTOR_BASE_URL, URI.create("https://user:pw@h/open-api"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
        assertThatThrownBy(() -> client(b -> b.with(Settings.ROTOR_BASE_URL, URI.create("ftp://h/open-api")))).isInstanceOf(IllegalArgumentException.class);
        try (LogCapture logs = new LogCapture()) {
            client();
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("ROTOR_ALLOW_HTTP=true"));
            assertThat(logs.all()).doesNotContain(KEY);
        }
    }

    @Test
    void callsTodayCountsRequestsSentAndMetricsCarryNoLeadData() throws Exception {
        RotorClient c = client();
        stubLeads(json(200, RotorReference.LEAD_200_ANY_ID));
        for (int i = 0; i < 3; i++) await(c.lookup("secret-lead-" + i));
        assertThat(c.callsToday()).isEqualTo(3);
        assertThat(registry.get(RotorMetrics.CALLS_TODAY).gauge().value()).isEqualTo(3);
        assertThat(registry.get(RotorMetrics.LATENCY).tag(RotorMetrics.TAG_PURPOSE, "lookup").tag(RotorMetrics.TAG_OUTCOME, "FOUND").timer().count()).isEqualTo(3);
        registry.getMeters().forEach(m -> {
            assertThat(m.getId().toString()).doesNotContain("secret-lead").doesNotContain("182bd5e5").doesNotContain(KEY);
        });
    }
}
