package io.rotor.enricher.serde;

import io.rotor.enricher.serde.registry.RegistryUnavailableException;
import io.rotor.enricher.serde.registry.SchemaRegistryClient;
import io.rotor.enricher.serde.registry.SchemaRegistryClients;
import io.rotor.enricher.serde.registry.SchemaRegistryException;
import io.rotor.enricher.serde.registry.SchemaVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated SpecificRecords or GenericRecords) in Confluent's wire format: byte 0x00,
 * the schema id (big-endian int32), then the Avro binary body. A null value is written as null (a tombstone)
 * and touches no registry. The schema registered is the record's {@code Schema.toString()}, unchanged, so the
 * ids match those Confluent's own serializer gets. Thread-safe: Kafka Streams shares one instance across threads.
 *
 * <p>Errors: {@link RegistryUnavailableException} passes through untouched (an outage, not the record's
 * fault); registry refusals and unwritable records become {@link SerializationException}.
 */
public class AvroSerializer<T> implements Serializer<T> {
    private record WriteTargetKey(String subject, Schema schema, Class<?> type) {
    }

    /** How records of one schema are written: the id, and the writer for the writer schema. */
    private record WriteTarget(int id, Schema writerSchema, DatumWriter<Object> recordWriter,
                          DatumWriter<Object> latestWriter) {
    }

    private final ConcurrentMap<WriteTargetKey, WriteTarget> targets = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config = AvroSerdeConfig.from(Map.of(), false);
    private boolean isKey;

    /** A serializer that builds its registry client from the map given to {@link #configure}. */
    public AvroSerializer() {
    }

    /** A serializer using {@code client}, which the caller closes; {@link #configure} still reads the other keys. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs, isKey);
        this.isKey = isKey;
        this.targets.clear();
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure() gave it a registry");
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("AvroSerializer writes Avro records (SpecificRecord or GenericRecord),"
                    + " not " + data.getClass().getName());
        }
        Schema schema = container.getSchema();
        String subject = config.subjectStrategy().subjectName(topic, isKey, schema);
        WriteTarget target;
        try {
            target = targets.computeIfAbsent(new WriteTargetKey(subject, schema, data.getClass()), this::resolve);
        } catch (SchemaRegistryException | SchemaParseException e) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " to topic '" + topic
                    + "': " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(WireFormat.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(WireFormat.ID_SIZE).putInt(target.id()).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            if (target.latestWriter() == null) {
                target.recordWriter().write(data, encoder);
            } else {
                target.latestWriter().write(toWriterSchema(data, schema, target), encoder);
            }
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            // The cause's message may quote field values (personal data), so only its type goes in ours.
            throw new SerializationException("Cannot write a " + schema.getFullName() + " with schema id "
                    + target.id() + " to topic '" + topic + "': " + e.getClass().getSimpleName(), e);
        }
    }

    private WriteTarget resolve(WriteTargetKey key) {
        DatumWriter<Object> recordWriter = writerFor(key.schema(), key.type());
        if (config.autoRegister()) {
            return new WriteTarget(client.register(key.subject(), key.schema().toString()), key.schema(), recordWriter, null);
        }
        if (config.useLatestVersion()) {
            SchemaVersion latest = client.latest(key.subject());
            Schema latestSchema = new Schema.Parser().parse(latest.schema());
            if (latestSchema.equals(key.schema())) {
                return new WriteTarget(latest.id(), key.schema(), recordWriter, null);
            }
            return new WriteTarget(latest.id(), latestSchema, recordWriter, new GenericDatumWriter<>(latestSchema));
        }
        return new WriteTarget(client.lookup(key.subject(), key.schema().toString()), key.schema(), recordWriter, null);
    }

    /**
     * use.latest.version with a latest schema that differs from the record's: resolve the record into the
     * latest schema (Avro schema resolution, as a reader of the latest schema would see it) and write that.
     */
    private static Object toWriterSchema(Object data, Schema recordSchema, WriteTarget target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
        target.recordWriter().write(data, encoder);
        encoder.flush();
        return new GenericDatumReader<>(recordSchema, target.writerSchema(), GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Class<?> type) {
        if (SpecificRecord.class.isAssignableFrom(type)) {
            // The generated class's own model carries its logical-type conversions (Instant <-> timestamp-millis).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass((Class<Object>) type));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
