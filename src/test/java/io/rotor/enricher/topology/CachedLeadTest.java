package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedLeadTest {

    /** The version-1 layout (before output bytes were cached): an int version, then the lead's Avro binary. */
    static byte[] versionOneEntry(String leadId, long fetchedAtMs, long expiresAtMs) {
        return new Bin.Writer().i32(1).i32(1).bytes(LeadAvro.encode(lead(leadId))).i32(0)
                .i32(200).string(null).string(null).i64(fetchedAtMs).i64(expiresAtMs).done();
    }

    /** An OUTPUT entry exactly as release 0.1.0 wrote it (format 2; produced by that release's jar), pinned. */
    static final String RELEASE_0_1_0_OUTPUT_HEX = "02010000000700000000072a2b000000010000000177000000c8ffffffffffffffff000000000000000a0000000000000014";
    /** The same entry as this release writes it (format 3), pinned. */
    static final String FORMAT_3_OUTPUT_HEX = "030100000000070000000700000000072a2b000000010000000177000000c8ffffffffffffffff000000000000000a00000000000000140000000000000014";
    private static final byte[] WIRE_VALUE = {0, 0, 0, 0, 7, 42, 43};

    /** The format-2 layout, written field by field as release 0.1.0's CachedLead.encode did. */
    static byte[] formatTwoEntry(int kind, byte[] payload, List<String> warnings, int status, String code, String message,
                                 long fetchedAtMs, long expiresAtMs) {
        Bin.Writer w = new Bin.Writer().u8(2).u8(kind).bytes(payload).i32(warnings.size());
        warnings.forEach(w::string);
        return w.i32(status).string(code).string(message).i64(fetchedAtMs).i64(expiresAtMs).done();
    }

    @Test
    void theFirstReleasesEntriesAreReadWithTheSchemaIdTakenFromTheirBytes() {
        byte[] v2 = formatTwoEntry(1, WIRE_VALUE, List.of("w"), 200, null, null, 10, 20);
        assertThat(HexFormat.of().formatHex(v2)).isEqualTo(RELEASE_0_1_0_OUTPUT_HEX);

        CachedLead read = CachedLead.decode(v2);
        assertThat(read.kind()).isEqualTo(CachedLead.Kind.OUTPUT);
        assertThat(read.source()).isEqualTo(CachedLead.Source.LOOKUP);
        assertThat(read.schemaId()).isEqualTo(7);
        assertThat(read.payload()).isEqualTo(WIRE_VALUE);
        assertThat(read.warnings()).containsExactly("w");
        assertThat(read.fetchedAtMs()).isEqualTo(10);
        assertThat(read.expiresAtMs()).isEqualTo(20);
        assertThat(read.staleUntilMs()).isEqualTo(20);

        CachedLead notFound = CachedLead.decode(formatTwoEntry(0, null, List.of(), 404, "lead_not_found", "gone", 5, 6));
        assertThat(notFound.kind()).isEqualTo(CachedLead.Kind.NOT_FOUND);
        assertThat(notFound.errorCode()).isEqualTo("lead_not_found");
        assertThat(notFound.schemaId()).isEqualTo(CachedLead.NO_SCHEMA_ID);
        CachedLead refused = CachedLead.decode(formatTwoEntry(2, LeadAvro.encode(lead(leadId(1))), List.of(), 200, null, null, 1, 2));
        assertThat(LeadAvro.decode(refused.payload())).isEqualTo(lead(leadId(1)));
    }

    @Test
    void theFormatThisReleaseWritesIsPinned() {
        byte[] v3 = CachedLead.output(WIRE_VALUE, List.of("w"), 10, 20).encode();
        assertThat(HexFormat.of().formatHex(v3)).isEqualTo(FORMAT_3_OUTPUT_HEX);
        CachedLead read = CachedLead.decode(v3);
        assertThat(read.schemaId()).isEqualTo(7);
        assertThat(read.source()).isEqualTo(CachedLead.Source.LOOKUP);
        assertThat(read.staleUntilMs()).isEqualTo(read.expiresAtMs());
    }

    @Test
    void everyFieldOfTheDesignRoundTrips() {
        CachedLead entry = new CachedLead(CachedLead.Kind.OUTPUT, CachedLead.Source.CATALOG, 123, WIRE_VALUE,
                List.of("a", "b"), 200, null, null, 100, 200, 300);
        CachedLead read = CachedLead.decode(entry.encode());
        assertThat(read.source()).isEqualTo(CachedLead.Source.CATALOG);
        assertThat(read.schemaId()).isEqualTo(123);
        assertThat(read.staleUntilMs()).isEqualTo(300);
        assertThat(read.warnings()).containsExactly("a", "b");
    }

    @Test
    void anOutputValueNotInTheWireFormatCarriesNoSchemaId() {
        assertThat(CachedLead.output(new byte[] {1, 0, 0, 0, 7}, List.of(), 1, 2).schemaId()).isEqualTo(CachedLead.NO_SCHEMA_ID);
        assertThat(CachedLead.output(new byte[] {0, 0}, List.of(), 1, 2).schemaId()).isEqualTo(CachedLead.NO_SCHEMA_ID);
    }

    @Test
    void anOutputEntryRoundTripsWithItsBytesWarningsAndTimes() {
        byte[] value = {0, 0, 0, 0, 7, 42, 43};
        CachedLead decoded = CachedLead.decode(CachedLead.output(value, List.of("priority: urgent", "é"), 10, 20).encode());
        assertThat(decoded.kind()).isEqualTo(CachedLead.Kind.OUTPUT);
        assertThat(decoded.found()).isTrue();
        assertThat(decoded.payload()).isEqualTo(value);
        assertThat(decoded.warnings()).containsExactly("priority: urgent", "é");
        assertThat(decoded.fetchedAtMs()).isEqualTo(10);
        assertThat(decoded.expiresAtMs()).isEqualTo(20);
        assertThat(decoded.freshAt(19)).isTrue();
        assertThat(decoded.freshAt(20)).isFalse();
    }

    @Test
    void aLeadAvroEntryRoundTrips() {
        byte[] avro = LeadAvro.encode(lead(leadId(1)));
        CachedLead decoded = CachedLead.decode(CachedLead.leadAvro(avro, List.of(), 1, 2).encode());
        assertThat(decoded.kind()).isEqualTo(CachedLead.Kind.LEAD_AVRO);
        assertThat(LeadAvro.decode(decoded.payload())).isEqualTo(lead(leadId(1)));
    }

    @Test
    void aNotFoundEntryRoundTrips() {
        CachedLead decoded = CachedLead.decode(CachedLead.notFound(404, "lead_not_found", "no such lead", 5, 6).encode());
        assertThat(decoded.kind()).isEqualTo(CachedLead.Kind.NOT_FOUND);
        assertThat(decoded.found()).isFalse();
        assertThat(decoded.payload()).isNull();
        assertThat(decoded.status()).isEqualTo(404);
        assertThat(decoded.errorCode()).isEqualTo("lead_not_found");
        assertThat(decoded.message()).isEqualTo("no such lead");
        assertThat(decoded.fetchedAtMs()).isEqualTo(5);
        assertThat(decoded.expiresAtMs()).isEqualTo(6);
    }

    @Test
    void theFirstByteIsTheFormatVersion() {
        assertThat(CachedLead.output(new byte[] {1}, List.of(), 1, 2).encode()[0]).isEqualTo((byte) CachedLead.VERSION);
    }

    @Test
    void anEntryInTheVersionOneLayoutIsNotReadable() {
        assertThat(CachedLead.decode(versionOneEntry(leadId(1), 1, Long.MAX_VALUE))).isNull();
    }

    @Test
    void unknownVersionsAndDamagedEntriesAreNotReadable() {
        byte[] good = CachedLead.output(new byte[] {1, 2, 3}, List.of("w"), 1, 2).encode();
        byte[] future = good.clone();
        future[0] = (byte) (CachedLead.VERSION + 1);
        byte[] badKind = good.clone();
        badKind[1] = 9;
        byte[] hugeLength = good.clone();
        hugeLength[2] = 0x7f;
        assertThat(CachedLead.decode(future)).isNull();
        assertThat(CachedLead.decode(badKind)).isNull();
        assertThat(CachedLead.decode(hugeLength)).isNull();
        assertThat(CachedLead.decode(Arrays.copyOf(good, good.length - 1))).isNull();
        assertThat(CachedLead.decode(new byte[0])).isNull();
        assertThat(CachedLead.decode(null)).isNull();
    }
}
