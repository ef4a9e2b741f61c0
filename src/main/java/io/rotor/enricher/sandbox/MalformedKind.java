package io.rotor.enricher.sandbox;

/** The broken 200 responses the sandbox can send in place of a lead. */
public enum MalformedKind {
    /** An HTML error page from a proxy, served as text/html with status 200. */
    HTML,
    /** The start of a real success body, cut mid-value; framing (Content-Length) is intact. */
    TRUNCATED_JSON,
    /** Valid JSON whose envelope has the wrong types: {@code data} an array, {@code status} a number. */
    WRONG_TYPES,
    /** The documented envelope, but lead fields of the wrong JSON types (a string where a number belongs...). */
    WRONG_FIELD_TYPES
}
