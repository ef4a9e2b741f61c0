package io.rotor.enricher.rotor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a value taken from an event can be sent to Rotor as a lead id. The topology runs it before
 * any call, so a rejected id costs no quota; the reason goes into the DLQ record (INVALID_EVENT).
 */
public final class LeadIdValidator {
    public static final int DEFAULT_MAX_LENGTH = 256;

    private final int maxLength;

    public LeadIdValidator() {
        this(DEFAULT_MAX_LENGTH);
    }

    public LeadIdValidator(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The verdict: {@code leadId} when valid, otherwise a human-readable {@code reason}. */
    public record Validation(boolean valid, String leadId, String reason) {
        static Validation ok(String id) {
            return new Validation(true, id, null);
        }

        static Validation rejected(String reason) {
            return new Validation(false, null, reason);
        }
    }

    /** Validates the JSON value found where the id belongs; a missing node (null) counts as missing. */
    public Validation validate(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return Validation.rejected("lead id is missing");
        }
        if (node.isNull()) {
            return Validation.rejected("lead id is null");
        }
        if (!node.isTextual()) {
            return Validation.rejected("lead id is a JSON " + kind(node) + ", not a string");
        }
        return validate(node.textValue());
    }

    public Validation validate(String id) {
        if (id == null) {
            return Validation.rejected("lead id is missing");
        }
        if (id.isEmpty()) {
            return Validation.rejected("lead id is empty");
        }
        if (id.isBlank()) {
            return Validation.rejected("lead id is blank");
        }
        if (id.equals(".") || id.equals("..")) {
            return Validation.rejected("lead id '" + id + "' is a dot segment");
        }
        int length = id.codePointCount(0, id.length());
        if (length > maxLength) {
            return Validation.rejected("lead id has " + length + " characters, more than the limit of " + maxLength);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return Validation.rejected(String.format("lead id contains control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Validation.rejected("lead id contains an unpaired surrogate at index " + i);
            }
        }
        return Validation.ok(id);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case BINARY -> "binary value";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
