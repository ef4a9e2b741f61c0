package io.rotor.enricher.config;

/** ENRICHER_LOG_FORMAT: how log lines are written to standard error. */
public enum LogFormat {
    /** {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, stack traces on the lines after. */
    TEXT,
    /** One JSON object per line (Logback's {@code JsonEncoder}); field names in the README. */
    JSON
}
