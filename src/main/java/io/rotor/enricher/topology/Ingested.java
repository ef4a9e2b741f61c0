package io.rotor.enricher.topology;

/**
 * What ingest emits between its processor and the split: a valid event (keyed by lead id, carrying the original
 * value) or an invalid one (carrying the original key and value for the dead-letter topic). Never serialized.
 */
record Ingested(boolean valid, byte[] originalKey, byte[] value) {
    static Ingested valid(byte[] value) {
        return new Ingested(true, null, value);
    }

    static Ingested invalid(byte[] originalKey, byte[] value) {
        return new Ingested(false, originalKey, value);
    }
}
