package io.rotor.enricher.topology;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.serde.AvroTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** Plain Avro binary of a Lead for the lead cache: the schema is this build's, no registry involved. */
public final class LeadAvro {
    static {
        // Avro 1.12 only instantiates trusted classes; the generated ones are ours.
        AvroTrust.ensureTrusted();
    }

    private static final SpecificDatumWriter<Lead> WRITER = new SpecificDatumWriter<>(Lead.class);
    private static final SpecificDatumReader<Lead> READER = new SpecificDatumReader<>(Lead.class);

    private LeadAvro() {
    }

    public static byte[] encode(Lead lead) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            WRITER.write(lead, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Lead decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static Lead decode(byte[] bytes, int offset, int length) {
        try {
            return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, offset, length, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
