package io.rotor.enricher.serde.registry;

import java.util.Objects;

/**
 * One registered version of a subject.
 *
 * @param id      the schema's global id, the one that goes into the wire format
 * @param version the version number within the subject, from 1
 * @param schema  the schema string as the registry stores it
 */
public record SchemaVersion(int id, int version, String schema) {
    public SchemaVersion {
        Objects.requireNonNull(schema, "schema");
    }
}
