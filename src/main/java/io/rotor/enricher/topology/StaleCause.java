package io.rotor.enricher.topology;

/**
 * Why an expired lead was served stale (ENRICHER_STALE_IF_ERROR): a fresh copy could not be had now. The tag of
 * {@code enricher.stale.emissions}; a public contract (README).
 */
public enum StaleCause {
    /** The quota gate is closed by a 429 (this lead's refresh got one, or it was refused by the gate). */
    QUOTA,
    /** The quota gate is closed by a key fault (AUTH_FAILED, or a status seen for ROTOR_KEY_FAULT_LEADS leads). */
    KEY_FAULT,
    /** This instance's circuit breaker is open: the refresh was refused without a call. */
    BREAKER,
    /** The refresh was answered with a 5xx. */
    UPSTREAM_ERROR,
    /** The refresh got no response in time. */
    TIMEOUT,
    /** The refresh failed on the network. */
    NETWORK,
    /** The refresh was answered with a body that is not Rotor's envelope. */
    BAD_RESPONSE
}
