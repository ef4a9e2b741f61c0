package io.rotor.enricher.serde;

/** Confluent's wire format: magic byte 0, the schema id as a big-endian int32, then the Avro binary body. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0x0;
    public static final int ID_SIZE = 4;
    public static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {
    }
}
