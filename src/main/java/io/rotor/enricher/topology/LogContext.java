package io.rotor.enricher.topology;

/**
 * MDC keys the topology sets around the log lines that are about one task or one lead, so a JSON log
 * (ENRICHER_LOG_FORMAT=json) can be filtered by them. Public contracts (README); set only at those lines, never per
 * record, so the hot path pays nothing.
 */
public final class LogContext {
    /** The Kafka Streams task id, e.g. {@code 1_2}. */
    public static final String TASK = "task";
    /** The lead id the line is about. */
    public static final String LEAD = "lead";

    private LogContext() {
    }
}
