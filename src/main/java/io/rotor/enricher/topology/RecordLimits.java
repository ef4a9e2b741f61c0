package io.rotor.enricher.topology;

import io.rotor.enricher.config.TopologySettings;

/**
 * The largest records the cluster accepts where the lookup path writes, as start-up read them: each the smaller of
 * the topic's {@code max.message.bytes} and the producer's {@code max.request.size}, uncompressed. A record over its
 * limit would fail its send and, under exactly-once, the whole transaction, at every restart again; the topology
 * checks before it forwards. 0 means unknown: then the limit the service gives the topics it creates.
 *
 * @param deadLetterBytes the DLQ topic's
 * @param outputBytes     the output topic's
 * @param cacheEntryBytes the {@code lead-cache} changelog's
 * @param catalogBytes    the leads table's (ENRICHER_CATALOG_TOPIC); a lead over it is not written there
 */
public record RecordLimits(int deadLetterBytes, int outputBytes, int cacheEntryBytes, int catalogBytes) {
    /** A cluster whose limits are those the service sets up itself. */
    public static final RecordLimits UNKNOWN = new RecordLimits(0, 0, 0, 0);

    public RecordLimits {
        if (deadLetterBytes < 0 || outputBytes < 0 || cacheEntryBytes < 0 || catalogBytes < 0) {
            throw new IllegalArgumentException("record limits must be 0 (unknown) or positive: " + deadLetterBytes
                    + ", " + outputBytes + ", " + cacheEntryBytes + ", " + catalogBytes);
        }
    }

    /** Limits with the leads table's unknown. */
    public RecordLimits(int deadLetterBytes, int outputBytes, int cacheEntryBytes) {
        this(deadLetterBytes, outputBytes, cacheEntryBytes, 0);
    }

    /** The same limits with every unknown one replaced by what the service creates its topics with. */
    RecordLimits resolved(TopologySettings settings) {
        int created = settings.topicMaxMessageBytes();
        return new RecordLimits(orElse(deadLetterBytes, created), orElse(outputBytes, created), orElse(cacheEntryBytes, created),
                orElse(catalogBytes, created));
    }

    private static int orElse(int bytes, int fallback) {
        return bytes > 0 ? bytes : fallback;
    }
}
