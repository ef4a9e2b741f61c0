package io.rotor.enricher.sandbox;

/**
 * What {@code archived=true} on {@code GET /leads} means. Rotor's reference says "Include archived leads (default
 * false)" without saying whether archived leads then come alone or with the others, so the sandbox offers both, and
 * the client is tested under both.
 */
public enum ArchivedReading {
    /** {@code archived=true} lists archived leads only; {@code false} (the default) only the others. */
    ONLY_ARCHIVED,
    /** {@code archived=true} lists every lead; {@code false} (the default) only the non-archived ones. */
    INCLUDE_ARCHIVED
}
