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
    /** A 401, or Rotor's envelope with AUTHENTICATION_REQUIRED or INSUFFICIENT_SCOPE: the key or its scope is wrong. */
    AUTH_FAILED,
    /** 5xx from Rotor. */
    UPSTREAM_ERROR,
    /** No response within ROTOR_RESPONSE_TIMEOUT (or no connection within ROTOR_CONNECT_TIMEOUT). */
    TIMEOUT,
    /** Connection refused or reset, DNS failure, TLS failure. */
    NETWORK,
    /** A 200 whose body is not the documented envelope: wrong types, HTML, truncated JSON. */
    BAD_RESPONSE,
    /**
     * A status the reference does not list for this request (a 403 or 404 without Rotor's envelope, a 400, a
     * redirect): about this lead, unless seen for ROTOR_KEY_FAULT_LEADS distinct leads, then a key, URL or proxy fault.
     */
    UNEXPECTED_STATUS
}
