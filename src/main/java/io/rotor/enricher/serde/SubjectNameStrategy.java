package io.rotor.enricher.serde;

import org.apache.avro.Schema;

/** Picks the registry subject a record's schema is registered and looked up under. */
@FunctionalInterface
public interface SubjectNameStrategy {
    String subjectName(String topic, boolean isKey, Schema schema);
}
