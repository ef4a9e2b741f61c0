package io.rotor.enricher.rotor;

import io.rotor.enricher.avro.Lead;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one lookup. {@code attempted} is false when no HTTP call was made (refused by the closed quota
 * gate or the open breaker): such a result costs no quota and, in the topology, no retry attempt.
 *
 * @param outcome    what happened
 * @param lead       the lead, only for FOUND
 * @param warnings   mapping warnings for FOUND ("field: raw value" texts), never null
 * @param httpStatus the HTTP status, 0 when there was no response
 * @param errorCode  Rotor's error_code, or null
 * @param message    Rotor's message, or a short description of the failure; never contains the API key
 * @param resumeAt   for RATE_LIMITED and refusals: when calls may start again; otherwise null
 * @param attempted  whether an HTTP call was actually started for this lookup
 */
public record LookupResult(
        Outcome outcome,
        Lead lead,
        List<String> warnings,
        int httpStatus,
        String errorCode,
        String message,
        Instant resumeAt,
        boolean attempted) {

    public LookupResult {
        Objects.requireNonNull(outcome, "outcome");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (outcome == Outcome.FOUND && lead == null) {
            throw new IllegalArgumentException("FOUND needs a lead");
        }
    }

    public static LookupResult found(Lead lead, List<String> warnings) {
        return new LookupResult(Outcome.FOUND, lead, warnings, 200, null, null, null, true);
    }

    public static LookupResult failure(Outcome outcome, int httpStatus, String errorCode, String message) {
        return new LookupResult(outcome, null, List.of(), httpStatus, errorCode, message, null, true);
    }

    public static LookupResult rateLimited(int httpStatus, String errorCode, String message, Instant resumeAt) {
        return new LookupResult(Outcome.RATE_LIMITED, null, List.of(), httpStatus, errorCode, message, resumeAt, true);
    }

    /** A lookup the closed gate or open breaker refused without a call, until {@code resumeAt}. */
    public static LookupResult refused(Outcome gateReason, String message, Instant resumeAt) {
        return new LookupResult(gateReason, null, List.of(), 0, null, message, resumeAt, false);
    }

    @Override
    public String toString() {
        // Lead fields are personal data: never printed.
        return "LookupResult[" + outcome + ", status=" + httpStatus + ", errorCode=" + errorCode
                + ", attempted=" + attempted + (resumeAt == null ? "" : ", resumeAt=" + resumeAt)
                + ", warnings=" + warnings.size() + "]";
    }
}
