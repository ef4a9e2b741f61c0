package io.rotor.enricher.topology;

import static io.rotor.enricher.testkit.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.envelope.Origin;
import io.rotor.enricher.envelope.RetryState;
import io.rotor.enricher.rotor.Outcome;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** The pending and retry-parked stores' value: format 1, the one every release so far writes and reads. */
class PendingEventTest {
    /** A parked event as release 0.1.0 wrote it (produced by that release's jar), pinned: later releases read it. */
    static final String RELEASE_0_1_0_HEX = "00000001000000066c6561642d31000000147b226c6561645f6964223a226c6561642d31227d0000000b6c6561642d6576656e74730000000200000000000000290000018bcfe56800000000016b000000010000000b7472616365706172656e74000000027470000000020000018bcfe569f40000000754494d454f555400000000ffffffff000000096e6f20616e737765720000000100000000";

    static PendingEvent sample() {
        return new PendingEvent("lead-1", utf8("{\"lead_id\":\"lead-1\"}"), new Origin("lead-events", 2, 41L, 1_700_000_000_000L, utf8("k")),
                List.of(new RecordHeader("traceparent", utf8("tp"))),
                new RetryState(2, 1_700_000_000_500L, Outcome.TIMEOUT, 0, null, "no answer", 1, 0));
    }

    @Test
    void theFirstReleasesBytesAreRead() {
        byte[] bytes = HexFormat.of().parseHex(RELEASE_0_1_0_HEX);
        PendingEvent read = PendingEvent.decode(bytes);
        PendingEvent expected = sample();
        assertThat(read.leadId()).isEqualTo(expected.leadId());
        assertThat(read.value()).isEqualTo(expected.value());
        assertThat(read.origin().topic()).isEqualTo("lead-events");
        assertThat(read.origin().partition()).isEqualTo(2);
        assertThat(read.origin().offset()).isEqualTo(41L);
        assertThat(read.origin().key()).isEqualTo(utf8("k"));
        assertThat(read.passHeaders()).extracting(h -> h.key()).containsExactly("traceparent");
        assertThat(read.retry()).isEqualTo(expected.retry());
    }

    @Test
    void thisReleaseWritesThoseSameBytes() {
        assertThat(HexFormat.of().formatHex(sample().encode())).isEqualTo(RELEASE_0_1_0_HEX);
    }

    @Test
    void anUnknownFormatStopsRatherThanDroppingTheEvent() {
        byte[] bytes = sample().encode();
        bytes[3] = 9;
        assertThatThrownBy(() -> PendingEvent.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pending event format 9");
    }
}
