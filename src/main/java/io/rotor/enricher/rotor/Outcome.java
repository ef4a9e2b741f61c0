package io.rotor.enricher.rotor;

/**
 * The closed set of results of one Rotor lookup. Every response, exception and gate refusal maps to exactly
 * one of these; the topology routes each in one place (see the README's routing table).
 */
public enum Outcome {
    /** 200 with the documented envelope: a Lead (possibly with mapping warnings). */
    FOUND,
    /** 404 with Rotor's error envelope: no such lead (or not yet visible). */
    NOT_FOUND,
    /** 429: the key's daily quota is spent until resumeAt. Also what a lookup refused by the closed gate gets. */
    RATE_LIMITED,
    /** 401 AUTHENTICATION_REQUIRED or 403 INSUFFICIENT_SCOPE: the key or its scope is wrong (configuration). */
    AUTH_FAILED,
    /** 5xx from Rotor. */
    UPSTREAM_ERROR,
    /** No response within ROTOR_RESPONSE_TIMEOUT (or no connection within ROTOR_CONNECT_TIMEOUT). */
    TIMEOUT,
    /** Connection refused or reset, DNS failure, TLS failure. */
    NETWORK,
    /** A 200 whose body is not the documented envelope: wrong types, HTML, truncated JSON. */
    BAD_RESPONSE,
    /** A status the reference does not list, or a 404 without Rotor's envelope: wrong base URL or a proxy (configuration). */
    UNEXPECTED_STATUS
}
