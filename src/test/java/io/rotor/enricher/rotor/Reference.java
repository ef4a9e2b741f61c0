package io.rotor.enricher.rotor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bodies of Rotor's reference page (shared/seeds/rotor-get-lead.txt), verbatim. */
final class Reference {
    static final String LEAD_200 = load("lead-200.json");
    static final String ERROR_401 = load("error-401.json");
    static final String ERROR_403 = load("error-403.json");
    static final String ERROR_404 = load("error-404.json");
    static final String ERROR_429 = load("error-429.json");
    static final String ERROR_500 = load("error-500.json");

    private Reference() {
    }

    private static String load(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/rotor/reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
