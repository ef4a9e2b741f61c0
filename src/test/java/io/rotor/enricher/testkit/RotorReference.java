package io.rotor.enricher.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bodies of Rotor's reference page (shared/seeds/rotor-get-lead.txt), verbatim. */
public final class RotorReference {
    public static final String LEAD_200 = load("lead-200.json");
    /** The reference lead without its id: the client answers it FOUND (with an id warning) for any id asked for. */
    public static final String LEAD_200_ANY_ID = LEAD_200.replace("\"id\": \"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e\",", "");
    public static final String ERROR_401 = load("error-401.json");
    public static final String ERROR_403 = load("error-403.json");
    public static final String ERROR_404 = load("error-404.json");
    public static final String ERROR_429 = load("error-429.json");
    public static final String ERROR_500 = load("error-500.json");

    private RotorReference() {
    }

    private static String load(String name) {
        try (InputStream in = RotorReference.class.getResourceAsStream("/rotor/reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
