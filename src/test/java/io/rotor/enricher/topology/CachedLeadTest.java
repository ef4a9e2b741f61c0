package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.lead;
import static io.rotor.enricher.testkit.Fixtures.leadId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedLeadTest {

    /** The version-1 layout (before output bytes were cached): an int version, then the lead's Avro binary. */
    static byte[] versionOneEntry(String leadId, long fetchedAtMs, long expiresAtMs) {
        return new Bin.Writer().i32(1).i32(1).bytes(LeadAvro.encode(lead(leadId))).i32(0)
                .i32(200).string(null).string(null).i64(fetchedAtMs).i64(expiresAtMs).done();
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
