package io.rotor.enricher.sandbox;

/** The faults the sandbox injects into lead requests at the configured rates. */
public enum InjectedFault {
    /** 500 with Rotor's "Internal server error" body. */
    SERVER_ERROR,
    /** No answer until the hold expires or the server stops; then the connection is closed. */
    TIMEOUT,
    /** The connection is closed without any response. */
    RESET,
    /** A 200 whose body is broken in one of the {@link MalformedKind} ways. */
    MALFORMED
}
