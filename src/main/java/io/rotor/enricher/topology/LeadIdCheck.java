package io.rotor.enricher.topology;

import io.rotor.enricher.rotor.LeadIdValidator;

/**
 * Decides whether a lead id read from an event may be looked up; the topology's port to the Rotor client's
 * {@link LeadIdValidator}, so tests can inject a failing one. Store keys rely on what the validator guarantees:
 * no control characters, so 0x00 can separate a lead id from what follows it.
 */
@FunctionalInterface
public interface LeadIdCheck {
    /** Null when {@code id} is acceptable, else a short reason. */
    String problem(String id);

    /** The Rotor client's rules, at most {@code maxLength} (ENRICHER_LEAD_ID_MAX_LENGTH) characters. */
    static LeadIdCheck standard(int maxLength) {
        LeadIdValidator validator = new LeadIdValidator(maxLength);
        return id -> {
            LeadIdValidator.Validation validation = validator.validate(id);
            return validation.valid() ? null : validation.reason();
        };
    }
}
