package io.rotor.enricher.config;

import io.rotor.enricher.config.TopologySettings.LeadIdSource;

/** Where and how an event's lead id is read: the slice of {@link TopologySettings} the extractor needs. */
public record LeadIdSettings(LeadIdSource source, String pointer, String header, int maxLength) {
}
