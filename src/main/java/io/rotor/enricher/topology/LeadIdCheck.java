package io.rotor.enricher.topology;

/**
 * Decides whether a lead id read from an event may be looked up. The id lands in a URL path and in store keys,
 * so the standard rule admits only URL-unreserved characters ({@code A-Z a-z 0-9 - . _ ~}), never "." or "..",
 * at most {@code ENRICHER_LEAD_ID_MAX_LENGTH} characters.
 */
@FunctionalInterface
public interface LeadIdCheck {
    /** Null when {@code id} is acceptable, else a short reason (it never echoes the id). */
    String problem(String id);

    static LeadIdCheck standard(int maxLength) {
        return id -> {
            if (id == null || id.isEmpty()) {
                return "the lead id is empty";
            }
            if (id.length() > maxLength) {
                return "the lead id is " + id.length() + " characters, more than ENRICHER_LEAD_ID_MAX_LENGTH (" + maxLength + ")";
            }
            if (id.equals(".") || id.equals("..")) {
                return "the lead id is a path segment ('.' or '..')";
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~';
                if (!unreserved) {
                    return "the lead id contains a character outside A-Z a-z 0-9 - . _ ~ at position " + i;
                }
            }
            return null;
        };
    }
}
