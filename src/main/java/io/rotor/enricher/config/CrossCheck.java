package io.rotor.enricher.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule over several settings, checked once each of them parsed: e.g. ENRICHER_MAX_PENDING ≥ ENRICHER_MAX_IN_FLIGHT.
 *
 * @param reported the setting the problem is reported against (the one to change)
 * @param reads    every setting the rule reads, {@code reported} included; the rule is skipped if one is invalid
 * @param doc      the rule in words, for the configuration reference
 * @param rule     the problem and its fix, or empty when the values agree
 */
public record CrossCheck(Setting<?> reported, List<Setting<?>> reads, String doc,
                         Function<SettingValues, Optional<String>> rule) {
    public CrossCheck {
        Objects.requireNonNull(reported, "reported");
        reads = List.copyOf(reads);
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(rule, "rule");
    }
}
