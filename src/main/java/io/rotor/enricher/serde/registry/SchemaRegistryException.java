package io.rotor.enricher.serde.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The registry answered with an error about the subject, schema or id: not found, incompatible, invalid.
 * The serde turns it into a {@code SerializationException}; it is the schema's or the record's fault, and
 * retrying the same request gets the same answer.
 */
public class SchemaRegistryException extends KafkaException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Incompatible schema as Confluent Platform up to 8.1 reports it (the HTTP status repeated). */
    public static final int INCOMPATIBLE_SCHEMA_LEGACY = 409;
    /** Incompatible schema as Confluent Platform 8.2 and later report it. */
    public static final int INCOMPATIBLE_SCHEMA = 40901;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;

    private final int httpStatus;
    private final int errorCode;
    private final String detail;

    /**
     * @param operation  what was asked, e.g. {@code register schema under subject 'leads-value'}
     * @param httpStatus the HTTP status of the answer
     * @param errorCode  the body's {@code error_code}, or the HTTP status when the body had none
     * @param detail     the body's {@code message}
     */
    public SchemaRegistryException(String operation, int httpStatus, int errorCode, String detail) {
        super("Schema Registry refused to " + operation + ": HTTP " + httpStatus + ", error_code " + errorCode
                + " (" + meaning(httpStatus, errorCode) + "): " + detail);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.detail = detail;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, the body's {@code message}. */
    public String detail() {
        return detail;
    }

    /** An incompatible schema, whichever error_code the registry's version uses for it. */
    public boolean isIncompatible() {
        return httpStatus == 409 || errorCode == INCOMPATIBLE_SCHEMA || errorCode == INCOMPATIBLE_SCHEMA_LEGACY;
    }

    static String meaning(int httpStatus, int errorCode) {
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> "subject not found";
            case VERSION_NOT_FOUND -> "version not found";
            case SCHEMA_NOT_FOUND -> "schema not found";
            case INCOMPATIBLE_SCHEMA, INCOMPATIBLE_SCHEMA_LEGACY -> "incompatible schema";
            case INVALID_SCHEMA -> "invalid schema";
            case INVALID_VERSION -> "invalid version";
            default -> httpStatus == 409 ? "incompatible schema" : "registry error";
        };
    }
}
