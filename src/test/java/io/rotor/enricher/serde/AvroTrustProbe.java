package io.rotor.enricher.serde;

import io.rotor.enricher.avro.Lead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;

/**
 * Run by {@link AvroTrustTest} in a fresh JVM with no Avro system properties, as the shipped jar runs. Prints one
 * line: the property's value at start, then what happened.
 * <ul>
 *   <li>{@code plain-avro}: reads a Lead with Avro alone, to show the guard exists.</li>
 *   <li>{@code serde}: round-trips a Lead through the service's value serde.</li>
 *   <li>{@code avro-first}: lets Avro read the property first, then round-trips through the serde.</li>
 * </ul>
 */
public final class AvroTrustProbe {
    private AvroTrustProbe() {
    }

    public static void main(String[] args) throws IOException {
        String atStart = String.valueOf(System.getProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY));
        String outcome = switch (args[0]) {
            case "plain-avro" -> plainAvro();
            case "serde" -> viaSerde();
            case "avro-first" -> {
                plainAvro();
                yield viaSerde();
            }
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.out.println("start=" + atStart + " outcome=" + outcome + " property="
                + System.getProperty(AvroTrust.SERIALIZABLE_PACKAGES_PROPERTY));
    }

    private static String plainAvro() throws IOException {
        Lead lead = Lead.newBuilder().setId("probe").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Lead.class).write(lead, encoder);
        encoder.flush();
        try {
            Lead back = new SpecificDatumReader<>(Lead.class)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            return "read:" + back.getId();
        } catch (SecurityException e) {
            return "refused";
        }
    }

    private static String viaSerde() {
        try (Serde<Lead> serde = LeadSerdes.valueSerde(null, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://probe"))) {
            byte[] bytes = serde.serializer().serialize("out", Lead.newBuilder().setId("probe").build());
            return "read:" + serde.deserializer().deserialize("out", bytes).getId();
        } catch (SecurityException e) {
            return "refused";
        }
    }
}
