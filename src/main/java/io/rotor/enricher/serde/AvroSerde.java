package io.rotor.enricher.serde;

import io.rotor.enricher.serde.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka {@link Serde}, configured together. */
public class AvroSerde<T> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** Registry client from {@link #configure}; generic or specific per {@code specific.avro.reader}. */
    public AvroSerde() {
        this(null, null);
    }

    /**
     * @param client       the registry, closed by the caller; null to build one from {@link #configure}
     * @param specificType the generated class to read into; null to follow {@code specific.avro.reader}
     */
    public AvroSerde(SchemaRegistryClient client, Class<T> specificType) {
        this.serializer = client == null ? new AvroSerializer<>() : new AvroSerializer<>(client);
        this.deserializer = new AvroDeserializer<>(client, specificType);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
