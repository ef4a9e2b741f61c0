package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.catalog.CatalogRecords;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.RecordSize;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes leads to the leads table (see {@link CatalogRecords}): each lead a lookup by id found, and a tombstone for
 * each NOT_FOUND, so a deleted lead's data does not live on in a compacted topic; and each lead of a sync page. With
 * ENRICHER_CATALOG_SYNC off it is {@link #OFF} and writes nothing.
 */
class CatalogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogWriter.class);

    /** The leads table is off: nothing is written. */
    static final CatalogWriter OFF = new CatalogWriter(null, null, null, 0, null, CatalogRecords.Source.LOOKUP, null) {
        @Override
        boolean found(String leadId, Lead lead, List<String> warnings, long fetchedAtMs, long nowMs) {
            return false;
        }

        @Override
        void notFound(String leadId, long nowMs) {
        }
    };

    private final ProcessorContext<Object, Object> context;
    private final Serializer<Lead> serializer;
    private final String topic;
    private final int limitBytes;
    private final CatalogMetrics metrics;
    private final CatalogRecords.Source source;
    private final String sink;

    /**
     * @param source what the records say they came from: the lookup processor's lookups, or the syncer's pages
     * @param sink   the processor's sink node to the table
     */
    CatalogWriter(ProcessorContext<Object, Object> context, Serializer<Lead> serializer, String topic, int limitBytes,
                  CatalogMetrics metrics, CatalogRecords.Source source, String sink) {
        this.context = context;
        this.serializer = serializer;
        this.topic = topic;
        this.limitBytes = limitBytes;
        this.metrics = metrics;
        this.source = source;
        this.sink = sink;
    }

    /**
     * A found lead, fetched at {@code fetchedAtMs} (for a lookup the cache's, never going backwards); false when it
     * cannot go to the table (the serde refuses it, or its record is over the table's limit), counted.
     */
    boolean found(String leadId, Lead lead, List<String> warnings, long fetchedAtMs, long nowMs) {
        byte[] value;
        try {
            value = serializer.serialize(topic, lead);
        } catch (RuntimeException refused) {
            if (FailureRecords.isEnvironmentFailure(refused)) {
                throw refused; // the registry or broker is down: the transaction retries, nothing is skipped
            }
            metrics.unwritable();
            LOG.debug("Lead {} not written to the leads table {}: the serde refused it ({})", leadId, topic, refused.toString());
            return false;
        }
        Headers headers = CatalogRecords.headers(fetchedAtMs, source, warnings);
        long size = RecordSize.batchUpperBound(RecordSize.utf8Length(leadId), value.length, headers);
        if (size > limitBytes) {
            // Over the table's limit the send would fail the transaction at every restart: the lead stays out of it.
            metrics.unwritable();
            LOG.debug("Lead {} not written to the leads table {}: its record would be {} bytes, over {}", leadId, topic, size, limitBytes);
            return false;
        }
        context.forward(new Record<>(leadId, value, nowMs, headers), sink);
        metrics.written(source);
        return true;
    }

    /** A lookup by id answered NOT_FOUND: the lead's record leaves the table. */
    void notFound(String leadId, long nowMs) {
        context.forward(new Record<String, byte[]>(leadId, null, nowMs), sink);
        metrics.tombstoneWritten();
    }
}
