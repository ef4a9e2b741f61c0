package io.rotor.enricher.serde.registry;

import java.io.Closeable;

/**
 * The four Schema Registry operations the Avro serde needs. Implementations: {@link RestSchemaRegistryClient}
 * (a real registry over HTTP) and {@link InMemorySchemaRegistry} (behind {@code mock://<scope>} URLs).
 *
 * <p>Every method throws {@link RegistryUnavailableException} when the registry cannot answer (an outage:
 * never the record's fault) and {@link SchemaRegistryException} when it answers with an error about the
 * subject, schema or id (the schema's or record's fault).
 */
public interface SchemaRegistryClient extends Closeable {

    /** Registers {@code schema} under {@code subject} (or finds it already there) and returns its global id. */
    int register(String subject, String schema);

    /** The id of {@code schema} if it is registered under {@code subject}; 40401/40403 otherwise. */
    int lookup(String subject, String schema);

    /** The schema string with this global id; 40403 if there is none. */
    String schemaById(int id);

    /** The latest version registered under {@code subject}; 40401 if the subject has none. */
    SchemaVersion latest(String subject);

    /** Releases connections; a no-op for in-memory registries. */
    @Override
    default void close() {
    }
}
