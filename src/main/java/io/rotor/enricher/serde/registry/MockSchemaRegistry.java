package io.rotor.enricher.serde.registry;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-memory registries selected by {@code mock://<scope>} URLs, one per scope and shared by every serde in
 * the JVM that names the same scope (as Confluent's {@code MockSchemaRegistry} does). Scopes are isolated
 * from each other; tests drop theirs when done.
 */
public final class MockSchemaRegistry {
    public static final String URL_SCHEME = "mock://";

    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** The registry of {@code scope}, created empty on first use. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets {@code scope}: the next {@link #scope} call for it starts empty again. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** The scope named by a {@code mock://<scope>} URL, or empty if {@code url} is not a mock URL. */
    public static Optional<String> scopeOf(String url) {
        String trimmed = url.trim();
        if (!trimmed.regionMatches(true, 0, URL_SCHEME, 0, URL_SCHEME.length())) {
            return Optional.empty();
        }
        return Optional.of(trimmed.substring(URL_SCHEME.length()));
    }
}
