package io.rotor.enricher.serde;

import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.serde.registry.SchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryClients;
import io.rotor.enricher.serde.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's wire format: checks the magic byte, fetches the writer schema by id (cached), and decodes
 * the Avro body into a GenericRecord, or into the generated SpecificRecord class when
 * {@code specific.avro.reader} is true or a type is given. A null payload reads as null.
 *
 * <p>Errors: {@link RegistryUnavailableException} passes through untouched (an outage, not the record's
 * fault); an unknown magic byte, an unknown schema id or an undecodable body become {@link SerializationException}.
 * Thread-safe.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    static {
        AvroTrust.ensureTrusted();
    }

    private final Class<T> specificType;
    private final ConcurrentMap<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specificReader;

    /** Generic or specific per {@code specific.avro.reader}; the registry client comes from {@link #configure}. */
    public AvroDeserializer() {
        this(null, null);
    }

    /**
     * @param client       the registry, closed by the caller; null to build one from {@link #configure}
     * @param specificType the generated class to read into, whatever the writer schema's name; null to follow
     *                     {@code specific.avro.reader}
     */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> specificType) {
        this.client = client;
        this.specificType = specificType;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.specificReader = AvroSerdeConfig.from(configs, isKey).specificReader();
        this.readers.clear();
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(configs);
            ownsClient = true;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure() gave it a registry");
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("Record from topic '" + topic + "' has " + data.length
                    + " bytes, too few for Confluent's wire format (magic byte, 4-byte schema id, Avro body)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("Unknown magic byte 0x%02x in a record from topic '%s':"
                    + " expected 0x00, Confluent's wire format (magic byte, 4-byte schema id, Avro body)",
                    data[0], topic));
        }
        int id = ByteBuffer.wrap(data, 1, WireFormat.ID_SIZE).getInt();
        DatumReader<Object> reader;
        try {
            reader = readers.computeIfAbsent(id, this::readerFor);
        } catch (SchemaRegistryException | SchemaParseException e) {
            throw new SerializationException("Cannot read a record from topic '" + topic + "' written with schema id "
                    + id + ": " + e.getMessage(), e);
        }
        try {
            return (T) reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode the Avro body of a record from topic '" + topic
                    + "' written with schema id " + id + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private DatumReader<Object> readerFor(int id) {
        Schema writer = new Schema.Parser().parse(client.schemaById(id));
        Class<?> type = specificType;
        if (type == null && specificReader) {
            type = SpecificData.get().getClass(writer);
            if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
                throw new SerializationException("specific.avro.reader is on but no generated class is named "
                        + writer.getFullName() + " (schema id " + id + ")");
            }
        }
        if (type == null) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        @SuppressWarnings("unchecked")
        SpecificData model = SpecificData.getForClass((Class<Object>) type);
        return new SpecificDatumReader<>(writer, model.getSchema(type), model);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
