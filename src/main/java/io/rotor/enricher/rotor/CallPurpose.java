package io.rotor.enricher.rotor;

import java.util.Locale;

/** Why a request to Rotor was made: the {@code purpose} tag of the client's call meters (a public contract, README). */
public enum CallPurpose {
    /** {@code GET /leads/{id}} for an event's lead. */
    LOOKUP,
    /** {@code GET /leads}, a page of the catalog sync. */
    SYNC,
    /** {@code GET /leads}, a page of a sweep of the newest leads for misses. */
    SWEEP,
    /** {@code GET /auth/test}, the start-up and {@code check} key check. */
    AUTH;

    /** The tag value: {@code lookup}, {@code sync}, {@code sweep}, {@code auth}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
