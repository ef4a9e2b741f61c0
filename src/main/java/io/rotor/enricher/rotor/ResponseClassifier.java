package io.rotor.enricher.rotor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.MessageConstraintException;

/**
 * Turns an HTTP response or a transport failure into the closed set of {@link Outcome}s, keeping the status and
 * Rotor's error_code and message. Messages describe structure only: no body content (lead data) is echoed.
 */
final class ResponseClassifier {
    static final int MAX_MESSAGE_CHARS = 500;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Rotor's error codes that blame the key: AUTH_FAILED whatever the status. */
    static final Set<String> KEY_FAULT_CODES = Set.of("AUTHENTICATION_REQUIRED", "INSUFFICIENT_SCOPE");

    private final LeadMapper mapper;
    private final DailyReset dailyReset;
    private final UnaryOperator<String> redact;

    /** @param redact removes the API key from a message; applied before a message is cut, so no part of it survives */
    ResponseClassifier(LeadMapper mapper, DailyReset dailyReset, UnaryOperator<String> redact) {
        this.mapper = mapper;
        this.dailyReset = dailyReset;
        this.redact = redact;
    }

    /** Rotor's error envelope {@code {"status":"error","message":...,"error_code":...}}; error_code may be absent. */
    record ErrorEnvelope(String errorCode, String message) {
    }

    LookupResult classify(RawResponse r, Instant now) {
        return classify(r, now, null);
    }

    /** Classifies the answer to {@code GET /leads/{requestedId}}; a FOUND lead must be the one asked for. */
    LookupResult classify(RawResponse r, Instant now, String requestedId) {
        int status = r.status();
        ErrorEnvelope envelope = r.bodyTooLarge() ? null : errorEnvelope(r.body());
        String code = envelope == null ? null : envelope.errorCode();
        String message = envelope == null ? "HTTP " + status + " without Rotor's error envelope" : envelope.message();
        if (status == 200) {
            return found(r, requestedId);
        }
        // Only Rotor's own words or a 401 say the key is at fault; a bare 403 may be a proxy rejecting one id.
        if (status == 401 || (code != null && KEY_FAULT_CODES.contains(code))) {
            return LookupResult.failure(Outcome.AUTH_FAILED, status, code, message);
        }
        if (status == 404) {
            return envelope != null
                    ? LookupResult.failure(Outcome.NOT_FOUND, status, code, message)
                    : LookupResult.failure(Outcome.UNEXPECTED_STATUS, status, null, message);
        }
        if (status == 429) {
            Instant resumeAt = RateLimitHeaders.plausibleResumeAt(r::header, now).orElseGet(() -> dailyReset.nextAfter(now));
            return LookupResult.rateLimited(status, code, message, resumeAt);
        }
        if (status >= 500 && status <= 599) {
            return LookupResult.failure(Outcome.UPSTREAM_ERROR, status, code, message);
        }
        return LookupResult.failure(Outcome.UNEXPECTED_STATUS, status, code, message);
    }

    private LookupResult found(RawResponse r, String requestedId) {
        if (r.bodyTooLarge()) {
            return badResponse("response body larger than " + RotorClient.MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = parse(r.body());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            return badResponse("body is not JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            return badResponse("body is " + kind(root) + ", not the {\"data\": {...}, \"status\": \"success\"} envelope");
        }
        JsonNode status = root.get("status");
        if (status != null && !status.isNull() && !(status.isTextual() && status.textValue().equals("success"))) {
            return badResponse("envelope status is " + LeadMapper.quote(status) + ", expected \"success\"");
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return badResponse("envelope has no data");
        }
        if (!data.isObject()) {
            return badResponse("envelope data is " + kind(data) + ", not an object");
        }
        LeadMapper.MappedLead mapped = mapper.map(data);
        if (requestedId == null) {
            return LookupResult.found(mapped.lead(), mapped.warnings());
        }
        String answeredId = mapped.lead().getId();
        if (answeredId != null && !answeredId.equals(requestedId)) {
            // Emitting it under the requested key would attach another lead's data to this event.
            return badResponse("data.id is not the requested lead id");
        }
        if (answeredId == null) {
            // The output's key and value must agree; the id asked for is the one Rotor answered for.
            mapped.lead().setId(requestedId);
            List<String> warnings = new ArrayList<>(mapped.warnings());
            warnings.add("id: missing or not a string in Rotor's answer; set to the requested id");
            return LookupResult.found(mapped.lead(), warnings);
        }
        return LookupResult.found(mapped.lead(), mapped.warnings());
    }

    /** Classifies a failed exchange (no complete response). */
    LookupResult classifyFailure(Throwable failure, Instant now) {
        Throwable t = unwrap(failure);
        if (t instanceof BodyTooLargeException tooLarge) {
            return classify(tooLarge.head(), now);
        }
        if (t instanceof MessageConstraintException) {
            // Too many header fields or an overlong line (RotorClient's bounds): Rotor answered, but not usably.
            return LookupResult.failure(Outcome.BAD_RESPONSE, 0, null, "response header over the client's bounds: " + describe(t));
        }
        if (t instanceof InterruptedIOException) {
            // SocketTimeoutException (response), ConnectTimeoutException, pool lease timeouts
            return LookupResult.failure(Outcome.TIMEOUT, 0, null, describe(t));
        }
        return LookupResult.failure(Outcome.NETWORK, 0, null, describe(t));
    }

    /** Classifies the answer of GET /auth/test. */
    AuthCheck authCheck(RawResponse r, Instant now) {
        int status = r.status();
        ErrorEnvelope envelope = r.bodyTooLarge() ? null : errorEnvelope(r.body());
        String rotorMessage = envelope == null ? "HTTP " + status : "HTTP " + status
                + (envelope.errorCode() == null ? "" : " " + envelope.errorCode()) + ": " + envelope.message();
        switch (status) {
            case 200:
                return authenticatedCheck(r);
            case 401:
                return new AuthCheck(AuthCheck.Status.BAD_KEY, status, null, List.of(),
                        rotorMessage + ". Check ROTOR_API_KEY: the key is missing, wrong or revoked.", null);
            case 403:
                return new AuthCheck(AuthCheck.Status.MISSING_SCOPE, status, null, List.of(),
                        rotorMessage + ". Grant the API key the scope " + AuthCheck.LEADS_READ + ".", null);
            case 429: {
                Instant resumeAt = RateLimitHeaders.plausibleResumeAt(r::header, now).orElseGet(() -> dailyReset.nextAfter(now));
                return new AuthCheck(AuthCheck.Status.QUOTA_SPENT, status, null, List.of(),
                        rotorMessage + ". The key is valid but today's quota is spent; calls resume at " + resumeAt + ".", resumeAt);
            }
            default:
                return new AuthCheck(AuthCheck.Status.UNEXPECTED_RESPONSE, status, null, List.of(),
                        rotorMessage + " is not an answer Rotor gives. Check ROTOR_BASE_URL and any proxy in between.", null);
        }
    }

    AuthCheck authUnreachable(Throwable failure) {
        return new AuthCheck(AuthCheck.Status.UNREACHABLE, 0, null, List.of(),
                "Rotor is unreachable: " + describe(unwrap(failure)), null);
    }

    private AuthCheck authenticatedCheck(RawResponse r) {
        JsonNode root;
        try {
            root = r.bodyTooLarge() ? null : parse(r.body());
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new AuthCheck(AuthCheck.Status.UNEXPECTED_RESPONSE, 200, null, List.of(),
                    "HTTP 200 whose body is not Rotor's auth/test answer. Check ROTOR_BASE_URL.", null);
        }
        JsonNode companyNode = root.get("company_id");
        String companyId = companyNode == null || companyNode.isNull() || !companyNode.isValueNode() ? null : companyNode.asText();
        List<String> scopes = new ArrayList<>();
        JsonNode scopesNode = root.get("scopes");
        if (scopesNode != null && scopesNode.isArray()) {
            scopesNode.forEach(s -> {
                if (s.isTextual()) scopes.add(s.textValue());
            });
        }
        JsonNode authenticated = root.get("authenticated");
        if (authenticated == null || !authenticated.isBoolean() || !authenticated.booleanValue()) {
            return new AuthCheck(AuthCheck.Status.BAD_KEY, 200, companyId, scopes,
                    "Rotor did not report the key as authenticated. Check ROTOR_API_KEY.", null);
        }
        if (!scopes.contains(AuthCheck.LEADS_READ)) {
            return new AuthCheck(AuthCheck.Status.MISSING_SCOPE, 200, companyId, scopes,
                    "The key is valid but lacks the scope " + AuthCheck.LEADS_READ + " (it has " + scopes + "). Grant it.", null);
        }
        return new AuthCheck(AuthCheck.Status.OK, 200, companyId, scopes,
                "The key is valid and has " + AuthCheck.LEADS_READ + ".", null);
    }

    ErrorEnvelope errorEnvelope(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode root = parse(body);
            if (root == null || !root.isObject()) return null;
            JsonNode status = root.get("status");
            JsonNode message = root.get("message");
            JsonNode code = root.get("error_code");
            if (status == null || !status.isTextual() || !status.textValue().equals("error")
                    || message == null || !message.isTextual()) {
                return null;
            }
            return new ErrorEnvelope(code != null && code.isTextual() ? code.textValue() : null, truncate(message.textValue()));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode parse(byte[] body) throws JsonProcessingException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    private static LookupResult badResponse(String why) {
        return LookupResult.failure(Outcome.BAD_RESPONSE, 200, null, why);
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) return "empty";
        return switch (n.getNodeType()) {
            case ARRAY -> "a JSON array";
            case STRING -> "a JSON string";
            case NUMBER -> "a JSON number";
            case BOOLEAN -> "a JSON boolean";
            case NULL -> "JSON null";
            default -> "a JSON " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A short description of a transport failure: its kind and message, never more. */
    String describe(Throwable t) {
        String kind;
        if (t instanceof UnknownHostException) kind = "unknown host";
        else if (t instanceof ConnectException) kind = "connection failed";
        else if (t instanceof SSLException) kind = "TLS failure";
        else if (t instanceof InterruptedIOException) kind = "timed out";
        else kind = t.getClass().getSimpleName();
        String m = t.getMessage();
        return truncate(m == null || m.isBlank() ? kind : kind + ": " + m);
    }

    /** At most {@link #MAX_MESSAGE_CHARS} of {@code s}, redacted first. */
    String truncate(String s) {
        String safe = redact.apply(s);
        return safe.length() <= MAX_MESSAGE_CHARS ? safe : safe.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
