package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.avro.Priority;
import io.rotor.enricher.config.RotorSettings;
import io.rotor.enricher.config.Secret;
import io.rotor.enricher.config.Settings;
import io.rotor.enricher.sandbox.LeadCatalog;
import io.rotor.enricher.sandbox.MalformedKind;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import io.rotor.enricher.sandbox.SandboxStats;
import io.rotor.enricher.testkit.LogCapture;
import io.rotor.enricher.testkit.MutableClock;
import io.rotor.enricher.testkit.RotorReference;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against the real sandbox Rotor server (HTTP on loopback): every outcome, the quota gate under
 * concurrency, id encoding and checkAuth. The sandbox and the client share one controlled clock, so quota
 * periods and the gate's resumeAt move only when the test says so; timeouts and latency are real time.
 */
class RotorClientSandboxTest {
    private static final String KEY = "sk-live-SANDBOX-7c21e9a04b";
    private static final String NO_SCOPE_KEY = "sk-live-NOSCOPE-1f0e22d9aa";
    private static final String WRONG_KEY = "sk-live-WRONG-93bd0c6e15";
    /** A minute boundary, so every quota period used here starts exactly at T0. */
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration QUOTA_PERIOD = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void closeAndCheckLogs() throws Exception {
        // Clients first (they hold connections to the sandbox), then the sandboxes.
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        try {
            // Every client logs the plain-http warning, so the capture did see the client's logging.
            assertThat(logs.all()).contains("ROTOR_ALLOW_HTTP");
            for (String secret : List.of(KEY, NO_SCOPE_KEY, WRONG_KEY)) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
            }
        } finally {
            logs.close();
        }
    }

    private SandboxRotorServer sandbox(UnaryOperator<SandboxOptions.Builder> customize) throws Exception {
        SandboxOptions.Builder options = SandboxOptions.builder()
                .apiKey(KEY, Set.of(SandboxOptions.SCOPE_LEADS_READ, "leads:write"))
                .apiKey(NO_SCOPE_KEY, Set.of("calls:read"))
                .quotaPeriod(QUOTA_PERIOD)
                .clock(clock);
        SandboxRotorServer server = SandboxRotorServer.start(customize.apply(options).build());
        opened.add(server);
        return server;
    }

    private SandboxRotorServer sandbox() throws Exception {
        return sandbox(o -> o);
    }

    private RotorClient client(SandboxRotorServer server, UnaryOperator<RotorSettings> customize) {
        RotorSettings settings = RotorSettings.defaults()
                .with(Settings.ROTOR_API_KEY, Secret.of(KEY))
                .with(Settings.ROTOR_BASE_URL, server.baseUri())
                .with(Settings.ROTOR_ALLOW_HTTP, true)
                .with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofSeconds(5));
        RotorClient client = new RotorClient(customize.apply(settings), clock, new SimpleMeterRegistry());
        opened.add(client);
        return client;
    }

    private RotorClient client(SandboxRotorServer server) {
        return client(server, s -> s);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static String referenceMessage(String body) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("message").asText();
    }

    // ---- outcomes ---------------------------------------------------------------------------------------

    @Test
    void referenceExampleIdMapsToExactlyTheExpectedLead() throws Exception {
        SandboxRotorServer rotor = sandbox();
        LookupResult r = get(client(rotor).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        Instant t = Instant.parse("2019-12-27T18:11:19.117Z");
        Lead expected = new Lead(LeadCatalog.EXAMPLE_LEAD_ID, true, t, "assigned_to", t, "dev@stainless.com", t,
                "lead_source", List.of(0.0), "name", "notes", "phone", Priority.low, 0.0, "property_city",
                "property_country", "property_state", "property_street1", "property_street2", "property_zip",
                "service_type", "stage", List.of("string"), 0.0);
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.attempted()).isTrue();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.lead()).isEqualTo(expected);
    }

    @Test
    void everyCatalogLeadIsFoundWithTheSandboxData() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.catalogSize(60));
        RotorClient client = client(rotor);
        List<String> ids = rotor.catalog().ids();
        List<CompletableFuture<LookupResult>> futures = ids.stream().map(client::lookup).toList();

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            LookupResult r = get(futures.get(i));
            ObjectNode data = rotor.catalog().lead(id).orElseThrow();
            assertThat(r.outcome()).as(id).isEqualTo(Outcome.FOUND);
            assertThat(r.warnings()).as(id).isEmpty();
            Lead lead = r.lead();
            assertThat(lead.getId()).isEqualTo(id);
            assertThat(lead.getName()).isEqualTo(text(data, "name"));
            assertThat(lead.getEmail()).isEqualTo(text(data, "email"));
            assertThat(lead.getStage()).isEqualTo(text(data, "stage"));
            assertThat(lead.getArchived()).isEqualTo(text(data, "archived") == null ? null : data.get("archived").asBoolean());
            assertThat(lead.getCreatedAt()).isEqualTo(text(data, "created_at") == null ? null : Instant.parse(text(data, "created_at")));
            assertThat(lead.getPriority() == null ? null : lead.getPriority().name()).isEqualTo(text(data, "priority"));
            JsonNode tags = data.get("tags");
            if (tags == null || tags.isNull()) {
                assertThat(lead.getTags()).isNull();
            } else {
                List<String> expectedTags = new ArrayList<>();
                tags.forEach(tag -> expectedTags.add(tag.asText()));
                assertThat(lead.getTags()).containsExactlyElementsOf(expectedTags);
            }
        }
        assertThat(rotor.stats().status(200)).isEqualTo(ids.size());
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Test
    void unknownIdIsNotFoundWithRotorsBody() throws Exception {
        SandboxRotorServer rotor = sandbox();
        LookupResult r = get(client(rotor).lookup("00000000-0000-4000-8000-000000000000"));

        assertThat(r.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(r.httpStatus()).isEqualTo(404);
        assertThat(r.errorCode()).isNull();
        assertThat(r.message()).isEqualTo(referenceMessage(RotorReference.ERROR_404)).isEqualTo("Not found");
        assertThat(r.attempted()).isTrue();
        assertThat(rotor.stats().status(404)).isEqualTo(1);
    }

    @Test
    void wrongKeyIsAuthFailed401() throws Exception {
        SandboxRotorServer rotor = sandbox();
        LookupResult r = get(client(rotor, s -> s.with(Settings.ROTOR_API_KEY, Secret.of(WRONG_KEY))).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("AUTHENTICATION_REQUIRED");
        assertThat(r.message()).isEqualTo(referenceMessage(RotorReference.ERROR_401));
    }

    @Test
    void keyWithoutLeadsReadIsAuthFailed403() throws Exception {
        SandboxRotorServer rotor = sandbox();
        LookupResult r = get(client(rotor, s -> s.with(Settings.ROTOR_API_KEY, Secret.of(NO_SCOPE_KEY))).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(r.httpStatus()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(r.message()).isEqualTo(referenceMessage(RotorReference.ERROR_403));
    }

    @Test
    void callsBeyondTheQuotaAreRateLimitedWithRotorsBody() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.quota(2));
        RotorClient client = client(rotor);
        for (int i = 0; i < 2; i++) {
            assertThat(get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID)).outcome()).isEqualTo(Outcome.FOUND);
        }
        LookupResult r = get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.httpStatus()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
        // The reference's text with the sandbox's configured quota in place of Rotor's 1000.
        assertThat(r.message()).isEqualTo(referenceMessage(RotorReference.ERROR_429).replace("1000", "2"))
                .isEqualTo("Daily API key request limit of 2 exceeded");
        assertThat(r.attempted()).isTrue();
        // No Retry-After from the sandbox by default: the client falls back to the next daily reset (00:00 UTC).
        assertThat(r.resumeAt()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
    }

    @Test
    void injectedServerErrorIsUpstreamError() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.errorRate(1.0));
        LookupResult r = get(client(rotor).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        assertThat(r.httpStatus()).isEqualTo(500);
        assertThat(r.message()).isEqualTo(referenceMessage(RotorReference.ERROR_500));
    }

    @Test
    void heldRequestIsTimeoutAfterTheResponseTimeout() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.timeoutRate(1.0));
        RotorClient client = client(rotor, s -> s.with(Settings.ROTOR_RESPONSE_TIMEOUT, Duration.ofMillis(300)));
        long started = System.nanoTime();
        LookupResult r = get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.httpStatus()).isZero();
        assertThat(r.attempted()).isTrue();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resetConnectionIsNetwork() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.resetRate(1.0));
        LookupResult r = get(client(rotor).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(r.httpStatus()).isZero();
        assertThat(r.attempted()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = MalformedKind.class, names = {"HTML", "TRUNCATED_JSON", "WRONG_TYPES"})
    void malformedBodyIsBadResponse(MalformedKind kind) throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.malformedRate(1.0).malformedKinds(Set.of(kind)));
        LookupResult r = get(client(rotor).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.lead()).isNull();
        assertThat(rotor.stats().malformed()).containsEntry(kind, 1L);
    }

    /**
     * A documented envelope whose lead fields have the wrong JSON types is not a BAD_RESPONSE: by design the
     * lookup succeeds, each field the schema cannot hold stays null, and a warning names it.
     */
    @Test
    void wrongFieldTypesAreFoundWithAWarningPerField() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.malformedRate(1.0).malformedKinds(Set.of(MalformedKind.WRONG_FIELD_TYPES)));
        LookupResult r = get(client(rotor).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        // "id" twice: the mapper's warning for the wrong type, then the client's for filling in the requested id.
        assertThat(r.warnings()).extracting(w -> w.substring(0, w.indexOf(':')))
                .containsExactlyInAnyOrder("id", "id", "archived", "created_at", "location", "phone", "priority",
                        "projected_value", "tags", "value_score");
        Lead lead = r.lead();
        // The output's key and value agree: a lead whose id Rotor sent unusable carries the id that was asked for.
        assertThat(lead.getId()).isEqualTo(LeadCatalog.EXAMPLE_LEAD_ID);
        assertThat(List.of(Optional.ofNullable(lead.getArchived()),
                Optional.ofNullable(lead.getCreatedAt()), Optional.ofNullable(lead.getLocation()),
                Optional.ofNullable(lead.getPhone()), Optional.ofNullable(lead.getProjectedValue()),
                Optional.ofNullable(lead.getTags()), Optional.ofNullable(lead.getValueScore())))
                .allMatch(Optional::isEmpty);
        assertThat(lead.getPriority()).isEqualTo(Priority.unknown);
        // A string that happens to hold JSON is still a string.
        assertThat(lead.getName()).isEqualTo("{\"first\":\"Ada\"}");
        assertThat(rotor.stats().malformed()).containsEntry(MalformedKind.WRONG_FIELD_TYPES, 1L);
    }

    @Test
    void baseUrlWithoutOpenApiIsUnexpectedStatus() throws Exception {
        SandboxRotorServer rotor = sandbox();
        URI hostRoot = URI.create("http://127.0.0.1:" + rotor.port());
        LookupResult r = get(client(rotor, s -> s.with(Settings.ROTOR_BASE_URL, hostRoot)).lookup(LeadCatalog.EXAMPLE_LEAD_ID));

        assertThat(r.outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
        assertThat(r.httpStatus()).isEqualTo(404);
        assertThat(rotor.stats().receivedPaths()).containsExactly("/leads/" + LeadCatalog.EXAMPLE_LEAD_ID);
        assertThat(rotor.stats().endpoint(SandboxStats.OTHER)).isEqualTo(1);
    }

    // ---- the gate ---------------------------------------------------------------------------------------

    @Test
    void afterTheFirst429NoCallStartsUntilRetryAfterAndLateArrivalsAreBoundedByThePool() throws Exception {
        int quota = 20;
        int maxConnections = 8;
        int lookups = 200;
        SandboxRotorServer rotor = sandbox(o -> o.quota(quota).sendRetryAfter(true)
                .latency(Duration.ofMillis(20), Duration.ofMillis(20)));
        RotorClient client = client(rotor, s -> s.with(Settings.ROTOR_MAX_CONNECTIONS, maxConnections));
        // The 429's Retry-After is the seconds left in the sandbox's quota period, which started at T0.
        Instant resumeAt = T0.plus(QUOTA_PERIOD);

        List<String> ids = rotor.catalog().ids();
        List<CompletableFuture<LookupResult>> futures = new ArrayList<>();
        for (int i = 0; i < lookups; i++) {
            futures.add(client.lookup(ids.get(i % ids.size())));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<LookupResult> results = futures.stream().map(CompletableFuture::join).toList();

        SandboxStats stats = rotor.stats();
        long found = results.stream().filter(r -> r.outcome() == Outcome.FOUND).count();
        List<LookupResult> rateLimited = results.stream()
                .filter(r -> r.outcome() == Outcome.RATE_LIMITED && r.attempted()).toList();
        List<LookupResult> refused = results.stream().filter(r -> !r.attempted()).toList();

        assertThat(found).isEqualTo(quota).isEqualTo(stats.status(200));
        assertThat(rateLimited).isNotEmpty().hasSize((int) stats.rateLimited())
                .allSatisfy(r -> assertThat(r.resumeAt()).isEqualTo(resumeAt));
        assertThat(found + rateLimited.size() + refused.size()).isEqualTo(lookups);
        // Every request the sandbox received was an attempted lookup; every other lookup cost nothing.
        assertThat(stats.endpoint(SandboxStats.GET_LEAD)).isEqualTo(found + rateLimited.size());
        assertThat(refused).hasSize(lookups - (int) stats.totalRequests())
                .allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
                    assertThat(r.httpStatus()).isZero();
                    assertThat(r.resumeAt()).isEqualTo(resumeAt);
                });
        // Requests that reached the sandbox after its first 429 left were already in flight: at most the pool.
        assertThat(stats.lateArrivals()).isLessThanOrEqualTo(maxConnections);
        assertThat(client.gate().current().closedUntil()).isEqualTo(resumeAt);

        // Until resumeAt nothing reaches the sandbox, however many lookups come.
        long received = stats.totalRequests();
        for (Duration later : List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(59),
                Duration.ofMillis(59_999))) {
            clock.set(T0.plus(later));
            LookupResult r = get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID));
            assertThat(r.attempted()).as("at T0+%s", later).isFalse();
            assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(r.resumeAt()).isEqualTo(resumeAt);
        }
        assertThat(rotor.stats().totalRequests()).isEqualTo(received);

        // At resumeAt the sandbox's period has reset: the next call goes out and is answered within the new quota.
        clock.set(resumeAt);
        LookupResult resumed = get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID));
        assertThat(resumed.outcome()).isEqualTo(Outcome.FOUND);
        SandboxStats after = rotor.stats();
        assertThat(after.totalRequests()).isEqualTo(received + 1);
        assertThat(after.status(200)).isEqualTo(quota + 1);
        assertThat(after.rateLimited()).isEqualTo(stats.rateLimited());
        assertThat(after.lateArrivals()).isEqualTo(stats.lateArrivals());
    }

    // ---- id encoding ------------------------------------------------------------------------------------

    @Test
    void everyIdIsSentAsExactlyOneLeadPathSegment() throws Exception {
        SandboxRotorServer rotor = sandbox();
        RotorClient client = client(rotor);
        List<String> ids = List.of("a/b", "../auth/test", "..%2Fauth%2Ftest", "%2e%2e", "?x", "#frag",
                "with space", "lead é ✓ 😀", "a?b#c/d", "%", "+plus+");

        for (String id : ids) {
            LookupResult r = get(client.lookup(id));
            assertThat(r.outcome()).as(id).isEqualTo(Outcome.NOT_FOUND);
            assertThat(r.message()).isEqualTo("Not found");
        }

        SandboxStats stats = rotor.stats();
        assertThat(stats.receivedPaths()).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String path = stats.receivedPaths().get(i);
            assertThat(path).as(ids.get(i)).startsWith("/open-api/leads/");
            String segment = path.substring("/open-api/leads/".length());
            assertThat(segment).as(ids.get(i)).isNotEmpty().doesNotContain("/", "?", "#");
            // '+' is literal in a path; URLDecoder would read it as a space.
            assertThat(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(ids.get(i));
        }
        assertThat(stats.endpoint(SandboxStats.GET_LEAD)).isEqualTo(ids.size());
        assertThat(stats.endpoint(SandboxStats.AUTH_TEST)).isZero();
        assertThat(stats.endpoint(SandboxStats.OTHER)).isZero();
    }

    // ---- checkAuth --------------------------------------------------------------------------------------

    @Test
    void checkAuthReportsTheKeysScopes() throws Exception {
        SandboxRotorServer rotor = sandbox();
        AuthCheck check = get(client(rotor).checkAuth());

        assertThat(check.status()).isEqualTo(AuthCheck.Status.OK);
        assertThat(check.httpStatus()).isEqualTo(200);
        assertThat(check.authenticated()).isTrue();
        assertThat(check.scopes()).containsExactlyInAnyOrder(SandboxOptions.SCOPE_LEADS_READ, "leads:write");
        assertThat(check.companyId()).startsWith("cmp_");
        assertThat(rotor.stats().endpoint(SandboxStats.AUTH_TEST)).isEqualTo(1);
    }

    @Test
    void checkAuthWithAWrongKeyIsBadKey() throws Exception {
        SandboxRotorServer rotor = sandbox();
        AuthCheck check = get(client(rotor, s -> s.with(Settings.ROTOR_API_KEY, Secret.of(WRONG_KEY))).checkAuth());

        assertThat(check.status()).isEqualTo(AuthCheck.Status.BAD_KEY);
        assertThat(check.httpStatus()).isEqualTo(401);
        assertThat(check.authenticated()).isFalse();
        assertThat(check.message()).doesNotContain(WRONG_KEY);
    }

    @Test
    void checkAuthWithoutLeadsReadIsMissingScope() throws Exception {
        SandboxRotorServer rotor = sandbox();
        AuthCheck check = get(client(rotor, s -> s.with(Settings.ROTOR_API_KEY, Secret.of(NO_SCOPE_KEY))).checkAuth());

        assertThat(check.status()).isEqualTo(AuthCheck.Status.MISSING_SCOPE);
        assertThat(check.authenticated()).isTrue();
        assertThat(check.hasLeadsRead()).isFalse();
        assertThat(check.scopes()).containsExactly("calls:read");
    }

    @Test
    void checkAuthAfterTheQuotaIsQuotaSpentAndClosesTheGate() throws Exception {
        SandboxRotorServer rotor = sandbox(o -> o.quota(1).sendRetryAfter(true));
        RotorClient client = client(rotor);
        assertThat(get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID)).outcome()).isEqualTo(Outcome.FOUND);

        AuthCheck check = get(client.checkAuth());

        assertThat(check.status()).isEqualTo(AuthCheck.Status.QUOTA_SPENT);
        assertThat(check.httpStatus()).isEqualTo(429);
        assertThat(check.authenticated()).isTrue();
        assertThat(check.resumeAt()).isEqualTo(T0.plus(QUOTA_PERIOD));
        long received = rotor.stats().totalRequests();
        LookupResult refused = get(client.lookup(LeadCatalog.EXAMPLE_LEAD_ID));
        assertThat(refused.attempted()).isFalse();
        assertThat(refused.resumeAt()).isEqualTo(T0.plus(QUOTA_PERIOD));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(
                () -> assertThat(rotor.stats().totalRequests()).isEqualTo(received));
    }
}
