package io.rotor.enricher.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A Schema Registry in memory, answering as Confluent's does: ids are global and start at 1, the same schema
 * gets the same id under every subject, schemas are stored as Avro's {@code Schema.toString()} of the parsed
 * schema, and errors carry Confluent's error codes. It checks no compatibility. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final List<String> schemaById = new ArrayList<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, String schema) {
        String canonical = canonical(schema, "register schema under subject '" + subject + "'");
        int id = idBySchema.computeIfAbsent(canonical, s -> {
            schemaById.add(s);
            return schemaById.size();
        });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public int lookup(String subject, String schema) {
        return lookupVersion(subject, schema).id();
    }

    /** Lookup with the version, as {@code POST /subjects/{subject}} answers it. */
    public synchronized SchemaVersion lookupVersion(String subject, String schema) {
        String operation = "look up schema under subject '" + subject + "'";
        String canonical = canonical(schema, operation);
        List<Integer> versions = versionsOf(subject, operation);
        Integer id = idBySchema.get(canonical);
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw new SchemaRegistryException(operation, 404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema not found");
        }
        return new SchemaVersion(id, index + 1, canonical);
    }

    @Override
    public synchronized String schemaById(int id) {
        if (id < 1 || id > schemaById.size()) {
            throw new SchemaRegistryException("fetch schema id " + id, 404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
        return schemaById.get(id - 1);
    }

    @Override
    public synchronized SchemaVersion latest(String subject) {
        List<Integer> versions = versionsOf(subject, "fetch the latest version of subject '" + subject + "'");
        int id = versions.get(versions.size() - 1);
        return new SchemaVersion(id, versions.size(), schemaById.get(id - 1));
    }

    /** The subjects that have at least one version, for tests and the demo. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    private List<Integer> versionsOf(String subject, String operation) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(operation, 404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static String canonical(String schema, String operation) {
        try {
            return new Schema.Parser().parse(schema).toString();
        } catch (SchemaParseException | NullPointerException e) {
            throw new SchemaRegistryException(operation, 422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: " + e.getMessage());
        }
    }
}
