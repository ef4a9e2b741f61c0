package io.rotor.enricher.rotor;

import java.io.IOException;
import java.util.Map;

/** Aborts an exchange whose body exceeds the limit; carries the head so the status can still be classified. */
final class BodyTooLargeException extends IOException {
    private final transient RawResponse head;

    BodyTooLargeException(int status, Map<String, String> headers, int limit) {
        super("response body larger than " + limit + " bytes");
        this.head = new RawResponse(status, headers, new byte[0], true);
    }

    RawResponse head() {
        return head;
    }
}
