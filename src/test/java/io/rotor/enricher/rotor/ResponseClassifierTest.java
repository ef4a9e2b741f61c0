package io.rotor.enricher.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.testkit.RotorReference;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final ResponseClassifier classifier =
            new ResponseClassifier(new LeadMapper(), new DailyReset(LocalTime.MIDNIGHT, ZoneId.of("UTC")), UnaryOperator.identity());

    private LookupResult classify(int status, String body) {
        return classify(status, Map.of(), body);
    }

    private LookupResult classify(int status, Map<String, String> headers, String body) {
        return classifier.classify(new RawResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false), NOW);
    }

    @Test
    void referenceSuccessBodyIsFound() {
        LookupResult r = classify(200, RotorReference.LEAD_200);
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.lead().getId()).isEqualTo("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
        assertThat(r.warnings()).isEmpty();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.attempted()).isTrue();
    }

    @Test
    void aLeadOtherThanTheRequestedOneIsABadResponse() {
        LookupResult r = classifier.classify(new RawResponse(200, Map.of(),
                RotorReference.LEAD_200.getBytes(StandardCharsets.UTF_8), false), NOW, "some-other-lead");
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.lead()).isNull();
        assertThat(r.message()).contains("data.id");
    }

    @Test
    void aLeadWithoutIdTakesTheRequestedIdWithAWarning() {
        String body = "{\"data\": {\"name\": \"Ada\"}, \"status\": \"success\"}";
        LookupResult r = classifier.classify(new RawResponse(200, Map.of(),
                body.getBytes(StandardCharsets.UTF_8), false), NOW, "lead-7");
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.lead().getId()).isEqualTo("lead-7");
        assertThat(r.lead().getName()).isEqualTo("Ada");
        assertThat(r.warnings()).singleElement().asString().startsWith("id: ");
    }

    @Test
    void theRequestedLeadItselfIsFoundWithoutWarnings() {
        LookupResult r = classifier.classify(new RawResponse(200, Map.of(),
                RotorReference.LEAD_200.getBytes(StandardCharsets.UTF_8), false), NOW, "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void referenceErrorBodiesKeepStatusCodeAndMessage() {
        LookupResult r401 = classify(401, RotorReference.ERROR_401);
        assertThat(r401.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(r401.errorCode()).isEqualTo("AUTHENTICATION_REQUIRED");
        assertThat(r401.message()).isEqualTo("Authentication required. Provide x-api-key header.");

        LookupResult r403 = classify(403, RotorReference.ERROR_403);
        assertThat(r403.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(r403.httpStatus()).isEqualTo(403);
        assertThat(r403.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(r403.message()).isEqualTo("Forbidden: required scope 'leads:read' not granted for this API key");

        LookupResult r404 = classify(404, RotorReference.ERROR_404);
        assertThat(r404.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(r404.errorCode()).isNull();
        assertThat(r404.message()).isEqualTo("Not found");

        LookupResult r429 = classify(429, RotorReference.ERROR_429);
        assertThat(r429.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r429.errorCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(r429.message()).isEqualTo("Daily API key request limit of 1000 exceeded");
        assertThat(r429.resumeAt()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));

        LookupResult r500 = classify(500, RotorReference.ERROR_500);
        assertThat(r500.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        assertThat(r500.httpStatus()).isEqualTo(500);
        assertThat(r500.message()).isEqualTo("Internal server error");
    }

    @Test
    void rateLimitedHonoursRetryAfter() {
        assertThat(classify(429, Map.of("Retry-After", "30"), RotorReference.ERROR_429).resumeAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(classify(429, Map.of("retry-after", "Fri, 01 May 2026 13:00:00 GMT"), "").resumeAt())
                .isEqualTo(Instant.parse("2026-05-01T13:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "Fri, 01 May 2026 11:00:00 GMT", "1777680000000", "99999999999999999", "90001"})
    void aResumeTimeOutsideTheNext25HoursTakesTheNextDailyReset(String retryAfter) {
        LookupResult r = classify(429, Map.of("Retry-After", retryAfter), RotorReference.ERROR_429);
        assertThat(r.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(r.resumeAt()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<html><body>404 Not Found</body></html>", "{\"error\":\"no route\"}", "{\"status\":\"error\"}"})
    void notFoundWithoutRotorsEnvelopeIsUnexpectedStatus(String body) {
        LookupResult r = classify(404, body);
        assertThat(r.outcome()).isEqualTo(Outcome.UNEXPECTED_STATUS);
        assertThat(r.httpStatus()).isEqualTo(404);
        assertThat(r.message()).isEqualTo("HTTP 404 without Rotor's error envelope");
    }

    @Test
    void statusesTheReferenceDoesNotListAreUnexpected() {
        for (int status : new int[] {201, 204, 301, 302, 400, 405, 409, 418}) {
            assertThat(classify(status, "").outcome()).as("status %d", status).isEqualTo(Outcome.UNEXPECTED_STATUS);
        }
        for (int status : new int[] {500, 502, 503, 504}) {
            assertThat(classify(status, "<html>Bad gateway</html>").outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        }
        assertThat(classify(401, "").outcome()).isEqualTo(Outcome.AUTH_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "<html><body>Welcome</body></html>",
            "{\"data\": {\"id\": \"x\"",
            "{\"data\": {\"id\": \"x\"}} trailing",
            "[]",
            "\"data\"",
            "null",
            "{}",
            "{\"status\": \"success\"}",
            "{\"data\": null, \"status\": \"success\"}",
            "{\"data\": [], \"status\": \"success\"}",
            "{\"data\": \"lead\", \"status\": \"success\"}",
            "{\"data\": {}, \"status\": \"error\"}",
            "{\"data\": {}, \"status\": 1}"
    })
    void okWithoutTheDocumentedEnvelopeIsBadResponse(String body) {
        LookupResult r = classify(200, body);
        assertThat(r.outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.message()).isNotBlank();
    }

    @Test
    void badResponseMessagesDoNotEchoBodyContent() {
        LookupResult r = classify(200, "{\"data\": {\"name\": \"Jane Secret-Person\"");
        assertThat(r.message()).startsWith("body is not JSON").doesNotContain("Jane");
        LookupResult html = classify(200, "<html>Jane</html>");
        assertThat(html.message()).doesNotContain("Jane");
    }

    @Test
    void fieldLevelProblemsStillFindTheLeadWithWarnings() {
        LookupResult r = classify(200, "{\"data\": {\"id\": \"a\", \"priority\": \"urgent\"}, \"status\": \"success\"}");
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.warnings()).containsExactly("priority: unsupported value \"urgent\"");
        // status is optional in the reference
        assertThat(classify(200, "{\"data\": {}}").outcome()).isEqualTo(Outcome.FOUND);
    }

    @Test
    void bodyTooLarge() {
        RawResponse ok = new RawResponse(200, Map.of(), new byte[0], true);
        assertThat(classifier.classify(ok, NOW).outcome()).isEqualTo(Outcome.BAD_RESPONSE);
        assertThat(classifier.classifyFailure(new BodyTooLargeException(503, Map.of(), 10), NOW).outcome())
                .isEqualTo(Outcome.UPSTREAM_ERROR);
        assertThat(classifier.classifyFailure(new BodyTooLargeException(404, Map.of(), 10), NOW).outcome())
                .isEqualTo(Outcome.UNEXPECTED_STATUS);
    }

    @Test
    void transportFailures() {
        assertThat(classifier.classifyFailure(new SocketTimeoutException("Read timed out"), NOW).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classifyFailure(new ConnectTimeoutException("Connect to h:443 timed out"), NOW).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classifyFailure(new CompletionException(new SocketTimeoutException()), NOW).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(classifier.classifyFailure(new ConnectException("Connection refused"), NOW).outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(classifier.classifyFailure(new UnknownHostException("nope.invalid"), NOW).message()).isEqualTo("unknown host: nope.invalid");
        assertThat(classifier.classifyFailure(new SSLHandshakeException("bad cert"), NOW).message()).isEqualTo("TLS failure: bad cert");
        assertThat(classifier.classifyFailure(new ConnectionClosedException("Premature end"), NOW).outcome()).isEqualTo(Outcome.NETWORK);
        assertThat(classifier.classifyFailure(new IOException("Connection reset"), NOW).outcome()).isEqualTo(Outcome.NETWORK);
        LookupResult r = classifier.classifyFailure(new IOException("x"), NOW);
        assertThat(r.httpStatus()).isZero();
        assertThat(r.attempted()).isTrue();
    }
}
