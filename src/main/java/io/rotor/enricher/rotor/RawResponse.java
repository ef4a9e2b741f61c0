package io.rotor.enricher.rotor;

import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP response as read from the wire, before classification: status, headers (first value per name,
 * case-insensitive) and at most the body-size limit of body bytes. {@code bodyTooLarge} means the body was cut
 * off at the limit and must not be interpreted.
 */
record RawResponse(int status, Map<String, String> headers, byte[] body, boolean bodyTooLarge) {
    RawResponse {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    String header(String name) {
        return headers.get(name);
    }
}
