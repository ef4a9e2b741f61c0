package io.rotor.enricher.serde;

import io.rotor.enricher.avro.Lead;
import io.rotor.enricher.serde.registry.SchemaRegistryClient;

/**
 * The service's value serde: {@link Lead} in Confluent's wire format, read back as the generated class
 * (specific reader on). Configure it with the keys of {@link AvroSerdeConfig}; it is the default of
 * {@link LeadSerdes#VALUE_SERDE_SETTING}.
 */
public final class LeadSerde extends AvroSerde<Lead> {
    static {
        AvroTrust.ensureTrusted();
    }

    /** Registry client from {@code configure}; what {@link LeadSerdes#valueSerde} instantiates. */
    public LeadSerde() {
        super(null, Lead.class);
    }

    /** A serde on a given registry client, which the caller closes. */
    public LeadSerde(SchemaRegistryClient client) {
        super(client, Lead.class);
    }
}
