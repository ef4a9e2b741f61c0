package io.rotor.enricher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rotor.enricher.demo.ConservationLedger.InputRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static ConservationReport report(boolean complete) {
        ConservationLedger ledger = new ConservationLedger();
        for (int i = 0; i < 4; i++) {
            ledger.recordInput(new InputRef("lead-events", 0, i), null, new byte[] {(byte) i});
        }
        ledger.recordOutput(new InputRef("lead-events", 0, 0));
        ledger.recordOutput(new InputRef("lead-events", 0, 1));
        ledger.recordDlq(new InputRef("lead-events", 0, 2), "NOT_FOUND", null, new byte[] {2});
        if (complete) {
            ledger.recordDlq(new InputRef("lead-events", 0, 3), "INVALID_EVENT", null, new byte[] {3});
        }
        return ledger.report();
    }

    @Test
    void rendersEveryRowAlignedWithTheVerdict() {
        DemoSummary summary = new DemoSummary(4, 2, 1, 3, 1, 0, 2, report(true), Duration.ofMillis(2_000));
        List<String> lines = summary.render();
        String text = String.join("\n", lines);
        assertThat(text).contains("events in", "leads out", "cache hits", "API calls", "429 rate limited", "retries",
                "DLQ", "INVALID_EVENT", "NOT_FOUND", "elapsed", "events/s", "conservation");
        assertThat(text).contains("HELD").contains("2 out + 2 DLQ = 4 in, each exactly once").doesNotContain("BROKEN");
        assertThat(text).contains("50.0 % of leads out").contains("2.0 s");
        assertThat(summary.eventsPerSecond()).isEqualTo(2.0);
        // Values right-aligned in one column: every row's value ends at the same position.
        int eventsEnd = lines.stream().filter(l -> l.contains("events in")).findFirst().orElseThrow().length();
        int leadsEnd = lines.stream().filter(l -> l.contains("leads out")).findFirst().orElseThrow().length();
        assertThat(eventsEnd).isEqualTo(leadsEnd);
    }

    @Test
    void brokenConservationSaysWhatIsMissing() {
        DemoSummary summary = new DemoSummary(4, 2, 0, 3, 0, 0, 0, report(false), Duration.ofSeconds(1));
        String text = String.join("\n", summary.render());
        assertThat(text).contains("BROKEN").contains("missing 1").contains("lead-events-0@3");
    }
}
