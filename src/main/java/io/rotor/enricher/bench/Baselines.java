package io.rotor.enricher.bench;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.envelope.FailureRecords;
import io.rotor.enricher.envelope.HeaderNames;
import io.rotor.enricher.envelope.Origin;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The two baselines every scenario is measured against. Both have the enricher's shape: read the input,
 * repartition by lead id, write one Avro {@link Lead} per event keyed by lead id.
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * No lookup: each event becomes {@code template} with the event's lead id, serialized in Confluent wire
     * format. The ceiling for a warm cache, which does the same plus a store read.
     */
    public static Topology passthrough(String input, String output, int partitions, Lead template,
                                       Serializer<Lead> leadSerializer) {
        StreamsBuilder builder = new StreamsBuilder();
        byLead(builder, input, partitions)
                .mapValues((leadId, event) -> leadSerializer.serialize(output,
                        Lead.newBuilder(template).setId(leadId).build()), Named.as("bench-passthrough-lead"))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bench-output"));
        return builder.build();
    }

    /**
     * The passthrough, with the headers the service's output carries on a cache hit ({@code rotor.origin.*},
     * {@code rotor.fetched-at}, {@code rotor.cache-hit}, {@code rotor.stale}), written by the service's own header
     * code: what the output's public headers alone cost, in a diagnostic next to the warm ratio.
     */
    public static Topology passthroughWithOutputHeaders(String input, String output, int partitions, Lead template,
                                                        Serializer<Lead> leadSerializer) {
        StreamsBuilder builder = new StreamsBuilder();
        byLead(builder, input, partitions)
                .processValues(() -> new FixedKeyProcessor<String, byte[], byte[]>() {
                    private FixedKeyProcessorContext<String, byte[]> context;

                    @Override
                    public void init(FixedKeyProcessorContext<String, byte[]> context) {
                        this.context = context;
                    }

                    @Override
                    public void process(FixedKeyRecord<String, byte[]> record) {
                        // The repartition record's coordinates stand in for the input's: the same header sizes.
                        var meta = context.recordMetadata().orElseThrow();
                        Headers headers = record.headers();
                        FailureRecords.writeOrigin(headers, new Origin(input, meta.partition(), meta.offset(),
                                record.timestamp(), record.key().getBytes(StandardCharsets.UTF_8)));
                        FailureRecords.putText(headers, HeaderNames.FETCHED_AT, Long.toString(record.timestamp()));
                        FailureRecords.putText(headers, HeaderNames.CACHE_HIT, Boolean.toString(true));
                        FailureRecords.putText(headers, HeaderNames.STALE, Boolean.toString(false));
                        context.forward(record.withValue(leadSerializer.serialize(output,
                                Lead.newBuilder(template).setId(record.key()).build())));
                    }
                }, Named.as("bench-passthrough-lead-with-headers"))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bench-output"));
        return builder.build();
    }

    /** A blocking Rotor call per event inside {@code mapValues}: the stream thread waits for every lookup. */
    public static Topology naiveSync(String input, String output, int partitions, NaiveSyncRotor rotor,
                                     Serializer<Lead> leadSerializer) {
        StreamsBuilder builder = new StreamsBuilder();
        byLead(builder, input, partitions)
                .mapValues((leadId, event) -> leadSerializer.serialize(output, rotor.fetch(leadId)),
                        Named.as("bench-naive-lookup"))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("bench-output"));
        return builder.build();
    }

    private static KStream<String, byte[]> byLead(StreamsBuilder builder, String input, int partitions) {
        return builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bench-input"))
                .selectKey((key, event) -> LeadIdOfEvent.of(event), Named.as("bench-key-by-lead"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                        .withName("bench-by-lead")
                        .withNumberOfPartitions(partitions));
    }
}
