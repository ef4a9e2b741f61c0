package io.rotor.enricher.testkit;

import io.rotor.enricher.avro.Lead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Confluent-framed Avro without a registry: magic 0, a fixed schema id, then Avro binary. {@link #failWith}
 * makes it throw for chosen leads (a serialization failure, or a registry outage); {@link #calls} counts every
 * serialization asked of it.
 */
public final class TestLeadSerializer implements Serializer<Lead> {
    public static final int SCHEMA_ID = 7;
    private volatile Function<Lead, RuntimeException> failure = lead -> null;
    private final AtomicInteger calls = new AtomicInteger();

    public void failWith(Function<Lead, RuntimeException> failure) {
        this.failure = failure;
    }

    /** How many times serialize was called, failures included. */
    public int calls() {
        return calls.get();
    }

    @Override
    public byte[] serialize(String topic, Lead lead) {
        calls.incrementAndGet();
        RuntimeException fail = failure.apply(lead);
        if (fail != null) {
            throw fail;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
            out.write(io.rotor.enricher.topology.LeadAvro.encode(lead));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Lead lead) {
        return serialize(topic, lead);
    }

    /** Reads what this serializer wrote. */
    public static final org.apache.kafka.common.serialization.Deserializer<Lead> DESERIALIZER = (topic, bytes) ->
            bytes == null ? null : deserialize(bytes);

    public static Lead deserialize(byte[] bytes) {
        return io.rotor.enricher.topology.LeadAvro.decode(bytes, 5, bytes.length - 5);
    }
}
