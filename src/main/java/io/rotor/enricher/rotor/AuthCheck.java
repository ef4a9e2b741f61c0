package io.rotor.enricher.rotor;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@code GET {base}/auth/test}: whether the key works for the enricher, and why not.
 *
 * @param status     the verdict
 * @param httpStatus the HTTP status, 0 when Rotor could not be reached
 * @param companyId  Rotor's company_id, when authenticated
 * @param scopes     the key's scopes (empty when unknown)
 * @param message    a human-readable explanation with the likely fix
 * @param resumeAt   for QUOTA_SPENT: when calls may resume
 */
public record AuthCheck(Status status, int httpStatus, String companyId, List<String> scopes, String message,
                        Instant resumeAt) {

    /** The scope GET /leads/{id} needs. */
    public static final String LEADS_READ = "leads:read";

    public enum Status {
        /** Authenticated and the key has leads:read. */
        OK,
        /** Authenticated, but leads:read is missing (a 200 without it, or 403 INSUFFICIENT_SCOPE). */
        MISSING_SCOPE,
        /** 429: the key is valid and today's quota is spent; the gate is closed until resumeAt. */
        QUOTA_SPENT,
        /** 401 (or authenticated=false): the key is missing, wrong or revoked. */
        BAD_KEY,
        /** No answer: connection refused or reset, DNS, TLS, timeout. */
        UNREACHABLE,
        /** An answer that is not Rotor's: likely a wrong ROTOR_BASE_URL or a proxy. */
        UNEXPECTED_RESPONSE
    }

    public AuthCheck {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** The check as a call outcome, for the {@code rotor.client.calls{purpose=auth}} meter: FOUND means authenticated. */
    public Outcome outcome() {
        return switch (status) {
            case OK -> Outcome.FOUND;
            case MISSING_SCOPE, BAD_KEY -> Outcome.AUTH_FAILED;
            case QUOTA_SPENT -> Outcome.RATE_LIMITED;
            case UNREACHABLE -> Outcome.NETWORK;
            case UNEXPECTED_RESPONSE -> Outcome.UNEXPECTED_STATUS;
        };
    }

    /** Whether Rotor accepted the key (a spent quota still proves the key valid). */
    public boolean authenticated() {
        return status == Status.OK || status == Status.MISSING_SCOPE || status == Status.QUOTA_SPENT;
    }

    public boolean hasLeadsRead() {
        return scopes.contains(LEADS_READ);
    }
}
