package io.rotor.enricher.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotor.enricher.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxRotorServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = SandboxOptions.DEFAULT_API_KEY;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<SandboxRotorServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(SandboxRotorServer::close);
    }

    private SandboxRotorServer start(SandboxOptions.Builder options) throws IOException {
        SandboxRotorServer server = SandboxRotorServer.start(options.build());
        servers.add(server);
        return server;
    }

    private HttpResponse<String> get(SandboxRotorServer server, String path, String key) throws Exception {
        return http.send(request(server, path, key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(SandboxRotorServer server, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("rotor-api-version", "1.1.0")
                .GET();
        if (key != null) {
            request.header("x-api-key", key);
        }
        return request;
    }

    // --- endpoints and bodies --------------------------------------------------------------------------

    @Test
    void servesUnderRotorsBasePathOnLoopback() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/open-api");
        assertThat(server.baseUri().getPath()).isEqualTo("/open-api");
    }

    @Test
    void exampleLeadIsServedWithTheReferenceBody() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        HttpResponse<String> response = get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(MAPPER.readTree(response.body())).isEqualTo(MAPPER.readTree(LeadCatalogTest.REFERENCE_EXAMPLE));
    }

    @Test
    void everyCatalogIdIsFoundWithItsData() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().catalogSize(20).seed(99));
        for (String id : server.catalog().ids()) {
            HttpResponse<String> response = get(server, "/leads/" + id, KEY);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = MAPPER.readTree(response.body());
            assertThat(body.get("status").asText()).isEqualTo("success");
            JsonNode expected = MAPPER.readTree(MAPPER.writeValueAsString(server.catalog().lead(id).orElseThrow()));
            assertThat(body.get("data")).isEqualTo(expected);
        }
    }

    @Test
    void unknownIdsGetRotorsNotFoundBodyVerbatim() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        for (String path : List.of("/leads/no-such-lead", "/leads/a%2Fb", "/leads/%2e%2e", "/leads/%3Fx",
                "/leads/caf%C3%A9", "/leads/%20")) {
            HttpResponse<String> response = get(server, path, KEY);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("{\"status\": \"error\", \"message\": \"Not found\"}");
        }
    }

    @Test
    void percentEncodedKnownIdIsFound() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        String encoded = LeadCatalog.EXAMPLE_LEAD_ID.replace("-", "%2D");
        assertThat(get(server, "/leads/" + encoded, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void pathsRotorDoesNotServeGetAnHtml404WithoutTheEnvelope() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        String root = "http://127.0.0.1:" + server.port();
        for (String url : List.of(root + "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, server.baseUrl() + "/leads/a/b",
                server.baseUrl() + "/nothing")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("x-api-key", KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(response.body()).contains("Cannot GET").doesNotContain("\"status\"");
        }
        HttpResponse<String> post = http.send(request(server, "/leads/x", KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).contains("Cannot POST");
        assertThat(server.stats().endpoint(SandboxStats.OTHER)).isEqualTo(4);
    }

    @Test
    void authTestDescribesTheKey() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
        SandboxRotorServer server = start(SandboxOptions.builder()
                .apiKey("k-1", Set.of("leads:read", "leads:write")).clock(clock));
        HttpResponse<String> response = get(server, "/auth/test", "k-1");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("status", "authenticated", "company_id", "user_id", "auth_method",
                "scopes", "timestamp");
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.get("authenticated").asBoolean()).isTrue();
        assertThat(body.get("company_id").asText()).startsWith("cmp_");
        assertThat(body.get("user_id").asText()).startsWith("usr_");
        assertThat(body.get("auth_method").asText()).isEqualTo("api_key");
        assertThat(body.get("scopes")).extracting(JsonNode::asText).containsExactly("leads:read", "leads:write");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    }

    @Test
    void listPaginatesNewestFirst() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().catalogSize(300).seed(4));
        long unarchived = server.catalog().ids().stream()
                .filter(id -> !server.catalog().lead(id).orElseThrow().path("archived").asBoolean(false)).count();

        JsonNode first = MAPPER.readTree(get(server, "/leads?page=1&limit=100", KEY).body());
        assertThat(first.get("status").asText()).isEqualTo("success");
        assertThat(first.get("data")).hasSize(100);
        JsonNode pagination = first.get("pagination");
        assertThat(pagination.get("has_more").asBoolean()).isTrue();
        assertThat(pagination.get("limit").asInt()).isEqualTo(100);
        assertThat(pagination.get("page").asInt()).isEqualTo(1);
        assertThat(pagination.get("total").asLong()).isEqualTo(unarchived);

        Set<String> seen = new HashSet<>();
        int page = 1;
        JsonNode body;
        do {
            body = MAPPER.readTree(get(server, "/leads?limit=100&page=" + page++, KEY).body());
            body.get("data").forEach(lead -> {
                assertThat(lead.path("archived").asBoolean(false)).isFalse();
                assertThat(seen.add(lead.get("id").asText())).isTrue();
            });
        } while (body.get("pagination").get("has_more").asBoolean());
        assertThat(seen).hasSize((int) unarchived);

        JsonNode defaults = MAPPER.readTree(get(server, "/leads", KEY).body());
        assertThat(defaults.get("pagination").get("limit").asInt()).isEqualTo(SandboxRotorServer.DEFAULT_PAGE_LIMIT);
        assertThat(defaults.get("pagination").get("page").asInt()).isEqualTo(1);
    }

    @Test
    void listFiltersByArchivedStageTagsAndSearch() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().catalogSize(300).seed(4));
        JsonNode archived = MAPPER.readTree(get(server, "/leads?archived=true&limit=1000", KEY).body());
        assertThat(archived.get("data")).isNotEmpty().allMatch(lead -> lead.get("archived").asBoolean());

        JsonNode qualified = MAPPER.readTree(get(server, "/leads?stage=qualified&limit=1000", KEY).body());
        assertThat(qualified.get("data")).isNotEmpty().allMatch(lead -> lead.get("stage").asText().equals("qualified"));

        // Rotor's reference: "Returns leads that have any of the specified tags".
        JsonNode tagged = MAPPER.readTree(get(server, "/leads?tags=vip,residential&limit=1000", KEY).body());
        boolean[] onlyOne = new boolean[1];
        tagged.get("data").forEach(lead -> {
            List<String> tags = new ArrayList<>();
            lead.get("tags").forEach(t -> tags.add(t.asText()));
            assertThat(tags).containsAnyOf("vip", "residential");
            onlyOne[0] |= !(tags.contains("vip") && tags.contains("residential"));
        });
        assertThat(onlyOne[0]).as("a lead with one of the two tags is listed too").isTrue();
        assertThat(tagged.get("pagination").get("total").asInt()).isEqualTo(tagged.get("data").size());

        JsonNode smiths = MAPPER.readTree(get(server, "/leads?search=smith&limit=1000", KEY).body());
        assertThat(smiths.get("data")).allMatch(lead -> (lead.path("name").asText() + lead.path("email").asText()
                + lead.path("phone").asText()).toLowerCase().contains("smith"));
    }

    @Test
    void aLeadCreatedWhileRunningAnswersByIdAndTopsTheList() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        SandboxRotorServer server = start(SandboxOptions.builder().catalogSize(50).seed(4).noQuota().clock(clock));
        String id = server.createLead();
        clock.advance(Duration.ofSeconds(1));
        String newer = server.createLead();
        assertThat(server.catalog().createdIds()).containsExactly(newer, id);
        assertThat(server.catalog().ids()).hasSize(50).doesNotContain(id);

        JsonNode lead = MAPPER.readTree(get(server, "/leads/" + id, KEY).body()).get("data");
        assertThat(lead.get("id").asText()).isEqualTo(id);
        assertThat(lead.get("created_at").asText()).isEqualTo("2026-12-01T10:00:00.000Z");
        assertThat(lead.get("archived").asBoolean()).isFalse();
        JsonNode top = MAPPER.readTree(get(server, "/leads?limit=2", KEY).body());
        assertThat(top.get("data").get(0).get("id").asText()).isEqualTo(newer);
        assertThat(top.get("data").get(1).get("id").asText()).isEqualTo(id);
        assertThat(top.get("pagination").get("total").asLong()).isEqualTo(2 + server.catalog().ids().stream()
                .filter(i -> !server.catalog().lead(i).orElseThrow().path("archived").asBoolean(false)).count());
        assertThat(server.stats().endpoint(SandboxStats.LIST_LEADS)).as("list calls counted apart").isEqualTo(1);
        assertThat(server.stats().endpoint(SandboxStats.GET_LEAD)).isEqualTo(1);

        // The same seed creates the same leads.
        SandboxRotorServer twin = start(SandboxOptions.builder().catalogSize(50).seed(4).noQuota().clock(clock));
        assertThat(twin.createLead()).isEqualTo(id);
    }

    @Test
    void leadsAreCreatedAtTheConfiguredRate() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().catalogSize(5).noQuota().leadCreationRate(200));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.catalog().createdIds().size() >= 20);
    }

    @Test
    void archivedTrueMeansArchivedOnlyOrEveryLeadAsConfigured() throws Exception {
        SandboxRotorServer only = start(SandboxOptions.builder().catalogSize(300).seed(4).noQuota());
        SandboxRotorServer include = start(SandboxOptions.builder().catalogSize(300).seed(4).noQuota()
                .archivedReading(ArchivedReading.INCLUDE_ARCHIVED));
        JsonNode archivedOnly = MAPPER.readTree(get(only, "/leads?archived=true&limit=1000", KEY).body());
        JsonNode everything = MAPPER.readTree(get(include, "/leads?archived=true&limit=1000", KEY).body());
        JsonNode unarchived = MAPPER.readTree(get(include, "/leads?limit=1000", KEY).body());
        assertThat(archivedOnly.get("data")).isNotEmpty().allMatch(lead -> lead.get("archived").asBoolean());
        assertThat(everything.get("pagination").get("total").asInt()).isEqualTo(300);
        assertThat(unarchived.get("data")).allMatch(lead -> !lead.path("archived").asBoolean(false));
        assertThat(archivedOnly.get("data").size() + unarchived.get("data").size()).isEqualTo(300);
    }

    @Test
    void listRejectsLimitsOutsideOneToAThousand() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        for (String query : List.of("limit=0", "limit=1001", "limit=x", "page=0", "page=-1")) {
            HttpResponse<String> response = get(server, "/leads?" + query, KEY);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).get("status").asText()).isEqualTo("error");
        }
        assertThat(get(server, "/leads?limit=1000", KEY).statusCode()).isEqualTo(200);
        assertThat(get(server, "/leads?limit=1", KEY).statusCode()).isEqualTo(200);
    }

    // --- auth and scope --------------------------------------------------------------------------------

    @Test
    void missingOrWrongKeyGets401Verbatim() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        String expected = "{\"status\": \"error\", \"message\": \"Authentication required. Provide x-api-key header.\", "
                + "\"error_code\": \"AUTHENTICATION_REQUIRED\"}";
        for (String path : List.of("/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, "/leads", "/auth/test")) {
            for (String key : new String[] {null, "wrong-key"}) {
                HttpResponse<String> response = get(server, path, key);
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.body()).isEqualTo(expected);
            }
        }
    }

    @Test
    void keyWithoutLeadsReadGets403VerbatimButPassesAuthTest() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder()
                .apiKey("reader")
                .apiKey("writer", Set.of("leads:write")));
        String expected = "{\"status\": \"error\", \"message\": \"Forbidden: required scope 'leads:read' not granted "
                + "for this API key\", \"error_code\": \"INSUFFICIENT_SCOPE\"}";
        for (String path : List.of("/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, "/leads")) {
            HttpResponse<String> response = get(server, path, "writer");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo(expected);
        }
        HttpResponse<String> auth = get(server, "/auth/test", "writer");
        assertThat(auth.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(auth.body()).get("scopes")).extracting(JsonNode::asText).containsExactly("leads:write");
        assertThat(get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, "reader").statusCode()).isEqualTo(200);
        assertThat(get(server, "/leads/x", KEY).statusCode()).as("the default key was replaced").isEqualTo(401);
    }

    @Test
    void optionsNeverShowTheKey() {
        SandboxOptions options = SandboxOptions.builder().apiKey("super-secret-value").build();
        assertThat(options.toString()).doesNotContain("super-secret-value");
    }

    // --- quota -----------------------------------------------------------------------------------------

    @Test
    void quotaGives429VerbatimWithRetryAfterAndResetsWithThePeriod() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:02Z"));
        SandboxRotorServer server = start(SandboxOptions.builder()
                .quota(3).quotaPeriod(Duration.ofSeconds(10)).sendRetryAfter(true).clock(clock));
        String lead = "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID;
        assertThat(get(server, lead, KEY).statusCode()).isEqualTo(200);
        assertThat(get(server, "/leads/unknown", KEY).statusCode()).isEqualTo(404);
        assertThat(get(server, "/auth/test", KEY).statusCode()).as("auth/test counts too").isEqualTo(200);

        HttpResponse<String> limited = get(server, lead, KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"status\": \"error\", \"message\": \"Daily API key request limit of 3 "
                + "exceeded\", \"error_code\": \"RATE_LIMIT_EXCEEDED\"}");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("8");
        assertThat(get(server, "/auth/test", KEY).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(8));
        assertThat(get(server, lead, KEY).statusCode()).isEqualTo(200);
        assertThat(server.stats().rateLimited()).isEqualTo(2);
    }

    @Test
    void aQuotaSpentAtStartOrWhileRunningAnswers429UntilThePeriodEnds() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:02Z"));
        SandboxRotorServer spent = start(SandboxOptions.builder().noQuota().quotaSpent(true).sendRetryAfter(true)
                .quotaPeriod(Duration.ofSeconds(10)).clock(clock));
        String lead = "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID;
        HttpResponse<String> limited = get(spent, lead, KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("Daily API key request limit of 1000 exceeded");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("8");
        clock.advance(Duration.ofSeconds(8));
        assertThat(get(spent, lead, KEY).statusCode()).isEqualTo(200);

        SandboxRotorServer running = start(SandboxOptions.builder().quota(1000));
        assertThat(get(running, lead, KEY).statusCode()).isEqualTo(200);
        running.spendQuota();
        assertThat(get(running, lead, KEY).statusCode()).isEqualTo(429);
    }

    @Test
    void rotorsOwnQuotaMessageAndNoRetryAfterByDefault() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().quota(1000));
        for (int i = 0; i < 1000; i++) {
            assertThat(get(server, "/leads/x" + i, KEY).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> limited = get(server, "/leads/x", KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"status\": \"error\", \"message\": \"Daily API key request limit of "
                + "1000 exceeded\", \"error_code\": \"RATE_LIMIT_EXCEEDED\"}");
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void quotaPeriodResetsOnTheRealClock() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder()
                .quota(1).quotaPeriod(Duration.ofSeconds(1)).sendRetryAfter(true));
        String lead = "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID;
        get(server, lead, KEY);
        // Either this is the second call of the period (429) or a new period began in between (200).
        await().atMost(Duration.ofSeconds(5)).until(() -> get(server, lead, KEY).statusCode() == 429);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(server, lead, KEY).statusCode() == 200);
    }

    @Test
    void quotaIsCountedPerKey() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().apiKey("a").apiKey("b").quota(1));
        assertThat(get(server, "/leads/x", "a").statusCode()).isEqualTo(404);
        assertThat(get(server, "/leads/x", "a").statusCode()).isEqualTo(429);
        assertThat(get(server, "/leads/x", "b").statusCode()).isEqualTo(404);
    }

    @Test
    void lateArrivalsAreCountedApartFromRequestsInFlightWhenThe429Left() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().quota(1)
                .latency(Duration.ofMillis(400), Duration.ZERO));
        String lead = "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID;
        assertThat(get(server, lead, KEY).statusCode()).isEqualTo(200);
        // Two requests in flight together: both arrive before either 429 leaves (400 ms later).
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(request(server, lead, KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(request(server, lead, KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(a.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(429);
        assertThat(b.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(429);
        assertThat(server.stats().lateArrivals()).isZero();

        // A client that ignores the 429 and calls again is a late arrival.
        assertThat(get(server, lead, KEY).statusCode()).isEqualTo(429);
        assertThat(get(server, "/auth/test", KEY).statusCode()).isEqualTo(429);
        assertThat(server.stats().lateArrivals()).isEqualTo(2);
        assertThat(server.stats().rateLimited()).isEqualTo(4);
    }

    // --- faults ----------------------------------------------------------------------------------------

    @Test
    void serverErrorsCarryRotorsBody() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().errorRate(1.0));
        HttpResponse<String> response = get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"status\": \"error\", \"message\": \"Internal server error\"}");
        assertThat(server.stats().fault(InjectedFault.SERVER_ERROR)).isEqualTo(1);
        assertThat(get(server, "/auth/test", KEY).statusCode()).as("faults hit lead endpoints only").isEqualTo(200);
    }

    @Test
    void resetClosesTheConnectionWithoutAResponse() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().resetRate(1.0));
        assertThatThrownBy(() -> get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY))
                .isInstanceOf(IOException.class);
        assertThat(server.stats().fault(InjectedFault.RESET)).isGreaterThanOrEqualTo(1);
        assertThat(server.stats().byStatus()).isEmpty();
    }

    @Test
    void timeoutHoldsTheResponseBeyondTheClientTimeout() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().timeoutRate(1.0));
        assertThatThrownBy(() -> http.send(request(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY)
                .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(server.stats().fault(InjectedFault.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void heldRequestsAreReleasedOnClose() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().timeoutRate(1.0));
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                request(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().fault(InjectedFault.TIMEOUT) >= 1);
        assertThat(pending).isNotDone();
        server.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void heldRequestIsClosedWhenTheHoldExpires() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().timeoutRate(1.0).timeoutHold(Duration.ofMillis(200)));
        assertThatThrownBy(() -> get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void malformedHtml() throws Exception {
        HttpResponse<String> response = malformed(MalformedKind.HTML);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).startsWith("<html>").contains("502 Bad Gateway");
    }

    @Test
    void malformedTruncatedJson() throws Exception {
        HttpResponse<String> response = malformed(MalformedKind.TRUNCATED_JSON);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"data\":{\"id\":\"" + LeadCatalog.EXAMPLE_LEAD_ID);
        assertThatThrownBy(() -> MAPPER.readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void malformedWrongEnvelopeTypes() throws Exception {
        JsonNode body = MAPPER.readTree(malformed(MalformedKind.WRONG_TYPES).body());
        assertThat(body.get("data").isArray()).isTrue();
        assertThat(body.get("status").isNumber()).isTrue();
    }

    @Test
    void malformedWrongFieldTypes() throws Exception {
        JsonNode body = MAPPER.readTree(malformed(MalformedKind.WRONG_FIELD_TYPES).body());
        assertThat(body.get("status").asText()).isEqualTo("success");
        JsonNode lead = body.get("data");
        assertThat(lead.get("id").isNumber()).isTrue();
        assertThat(lead.get("archived").isTextual()).isTrue();
        assertThat(lead.get("location").isTextual()).isTrue();
        assertThat(lead.get("priority").isNumber()).isTrue();
        assertThat(lead.get("projected_value").isTextual()).isTrue();
        assertThat(lead.get("tags").isTextual()).isTrue();
    }

    private HttpResponse<String> malformed(MalformedKind kind) throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().malformedRate(1.0).malformedKinds(Set.of(kind)));
        HttpResponse<String> response = get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY);
        assertThat(server.stats().malformed()).containsEntry(kind, 1L);
        assertThat(server.stats().fault(InjectedFault.MALFORMED)).isEqualTo(1);
        return response;
    }

    @Test
    void faultRatesAreSeededAndRoughlyAsConfigured() throws Exception {
        SandboxOptions.Builder options = SandboxOptions.builder().errorRate(0.2).malformedRate(0.1).seed(5);
        List<Integer> first = statuses(start(options), 300);
        List<Integer> second = statuses(start(options), 300);
        assertThat(first).isEqualTo(second);
        long errors = first.stream().filter(s -> s == 500).count();
        assertThat(errors).isBetween(30L, 90L);
    }

    private List<Integer> statuses(SandboxRotorServer server, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get(server, "/leads/unknown", KEY).statusCode());
        }
        return statuses;
    }

    @Test
    void latencyDelaysResponsesWithoutAThreadPerRequest() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().noQuota()
                .latency(Duration.ofMillis(300), Duration.ofMillis(100)));
        long single = System.nanoTime();
        assertThat(get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - single)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        // 500 concurrent delayed requests against 4 worker threads: if a delay held a thread they would
        // take at least 500 * 0.3 s / 4 = 37.5 s; scheduled completion takes about one latency plus the
        // client's connection set-up.
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(http.sendAsync(request(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(all).allMatch(f -> f.join().statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(35));
    }

    // --- bookkeeping -----------------------------------------------------------------------------------

    @Test
    void countsByEndpointAndStatusAndRecordsRawPaths() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder().maxRecordedPaths(4));
        get(server, "/leads/" + LeadCatalog.EXAMPLE_LEAD_ID, KEY);
        get(server, "/leads/a%2Fb", KEY);
        get(server, "/leads?limit=5", KEY);
        get(server, "/auth/test", null);
        get(server, "/leads/x", KEY);
        SandboxStats stats = server.stats();
        assertThat(stats.totalRequests()).isEqualTo(5);
        assertThat(stats.endpoint(SandboxStats.GET_LEAD)).isEqualTo(3);
        assertThat(stats.endpoint(SandboxStats.LIST_LEADS)).isEqualTo(1);
        assertThat(stats.endpoint(SandboxStats.AUTH_TEST)).isEqualTo(1);
        assertThat(stats.status(200)).isEqualTo(2);
        assertThat(stats.status(404)).isEqualTo(2);
        assertThat(stats.status(401)).isEqualTo(1);
        assertThat(stats.receivedPaths()).containsExactly("/open-api/leads/" + LeadCatalog.EXAMPLE_LEAD_ID,
                "/open-api/leads/a%2Fb", "/open-api/leads", "/open-api/auth/test");
        assertThat(stats.unrecordedPaths()).isEqualTo(1);
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws Exception {
        SandboxRotorServer server = start(SandboxOptions.builder());
        int port = server.port();
        server.close();
        server.close();
        try (SandboxRotorServer again = SandboxRotorServer.start(SandboxOptions.builder().port(port).build())) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(get(again, "/auth/test", KEY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void invalidOptionsAreRejectedWithTheSettingsName() {
        assertThatThrownBy(() -> SandboxOptions.builder().errorRate(0.6).resetRate(0.6).build())
                .hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> SandboxOptions.builder().quota(-1).build()).hasMessageContaining("quota");
        assertThatThrownBy(() -> SandboxOptions.builder().catalogSize(0).build()).hasMessageContaining("catalogSize");
        assertThatThrownBy(() -> SandboxOptions.builder().quotaPeriod(Duration.ZERO).build())
                .hasMessageContaining("quotaPeriod");
        assertThatThrownBy(() -> SandboxOptions.builder().malformedRate(0.1).malformedKinds(Set.of()).build())
                .hasMessageContaining("malformed kind");
    }
}
