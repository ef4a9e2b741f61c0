package io.rotor.enricher.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * Rotor's error bodies, verbatim from the reference page (shared/seeds/rotor-get-lead.txt), plus the
 * sandbox-only bodies for what the reference does not show.
 */
public final class RotorBodies {
    public static final String UNAUTHORIZED = "{\"status\": \"error\", \"message\": \"Authentication required. "
            + "Provide x-api-key header.\", \"error_code\": \"AUTHENTICATION_REQUIRED\"}";
    public static final String FORBIDDEN = "{\"status\": \"error\", \"message\": \"Forbidden: required scope "
            + "'leads:read' not granted for this API key\", \"error_code\": \"INSUFFICIENT_SCOPE\"}";
    public static final String NOT_FOUND = "{\"status\": \"error\", \"message\": \"Not found\"}";
    public static final String INTERNAL_ERROR = "{\"status\": \"error\", \"message\": \"Internal server error\"}";

    private RotorBodies() {
    }

    /** The 429 body; the reference's number is Rotor's quota, the sandbox states its configured one. */
    public static String rateLimited(int quota) {
        return "{\"status\": \"error\", \"message\": \"Daily API key request limit of " + quota
                + " exceeded\", \"error_code\": \"RATE_LIMIT_EXCEEDED\"}";
    }

    /** Sandbox-only: {@code GET /leads} with a page or limit out of range. Not from the reference. */
    static String badRequest(String message) {
        return "{\"status\": \"error\", \"message\": \"" + message + "\", \"error_code\": \"VALIDATION_ERROR\"}";
    }

    /** What a Node/Express server answers for a route it does not have: HTML, not Rotor's envelope. */
    static byte[] routeNotFound(String method, String rawPath) {
        String escaped = rawPath.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"
                + "</head>\n<body>\n<pre>Cannot " + method + " " + escaped + "</pre>\n</body>\n</html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
