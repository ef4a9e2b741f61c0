package io.rotor.enricher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rotor.enricher.demo.ConservationLedger.InputRef;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConservationLedgerTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ConservationLedger withInputs(int n) {
        ConservationLedger ledger = new ConservationLedger();
        for (int i = 0; i < n; i++) {
            ledger.recordInput(new InputRef("in", i % 2, i), b("k" + i), b("v" + i));
        }
        return ledger;
    }

    @Test
    void eachInputOnceInOutputOrDlqHolds() {
        ConservationLedger ledger = withInputs(4);
        ledger.recordOutput(new InputRef("in", 0, 0));
        ledger.recordOutput(new InputRef("in", 1, 1));
        ledger.recordDlq(new InputRef("in", 0, 2), "NOT_FOUND", b("k2"), b("v2"));
        assertThat(ledger.allSettled()).isFalse();
        assertThat(ledger.settledCount()).isEqualTo(3);
        ledger.recordDlq(new InputRef("in", 1, 3), "INVALID_EVENT", b("k3"), b("v3"));
        assertThat(ledger.allSettled()).isTrue();

        ConservationReport report = ledger.report();
        assertThat(report.held()).isTrue();
        assertThat(report.dlqBytesIntact()).isTrue();
        assertThat(report.outputs()).isEqualTo(2);
        assertThat(report.dlq()).isEqualTo(2);
        assertThat(report.dlq("NOT_FOUND")).isEqualTo(1);
        assertThat(report.dlq("INVALID_EVENT")).isEqualTo(1);
        assertThat(report.describe()).isEqualTo("conservation held: 4 in = 2 out + 2 dlq");
    }

    @Test
    void missingEventBreaksIt() {
        ConservationLedger ledger = withInputs(2);
        ledger.recordOutput(new InputRef("in", 0, 0));
        ConservationReport report = ledger.report();
        assertThat(report.held()).isFalse();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.missingSamples()).containsExactly(new InputRef("in", 1, 1));
        assertThat(report.describe()).contains("missing 1").contains("in-1@1");
    }

    @Test
    void duplicateAcrossOutputAndDlqBreaksIt() {
        ConservationLedger ledger = withInputs(1);
        ledger.recordOutput(new InputRef("in", 0, 0));
        ledger.recordDlq(new InputRef("in", 0, 0), "NOT_FOUND", b("k0"), b("v0"));
        ConservationReport report = ledger.report();
        assertThat(report.held()).isFalse();
        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(ledger.settledCount()).isEqualTo(1);
    }

    @Test
    void resultWithoutKnownOriginBreaksIt() {
        ConservationLedger ledger = withInputs(1);
        ledger.recordOutput(new InputRef("in", 0, 0));
        ledger.recordOutput(null);
        ledger.recordDlq(new InputRef("in", 5, 99), null, null, b("x"));
        ConservationReport report = ledger.report();
        assertThat(report.held()).isFalse();
        assertThat(report.unattributed()).isEqualTo(2);
        assertThat(report.dlq("(no reason)")).isEqualTo(1);
        assertThat(report.unattributedSamples()).containsExactly("output:no origin headers", "dlq:in-5@99");
    }

    /** Issue 11, item 18: on a busy machine a result can be read before its input's acknowledgement is recorded. */
    @Test
    void resultsReadBeforeTheirInputIsRecordedAreMatchedWhenItComes() {
        ConservationLedger ledger = new ConservationLedger();
        ledger.recordOutput(new InputRef("in", 0, 0));
        ledger.recordDlq(new InputRef("in", 0, 1), "INVALID_EVENT", b("k1"), b("v1"));
        ledger.recordDlq(new InputRef("in", 0, 2), "INVALID_EVENT", b("k2"), b("changed"));
        assertThat(ledger.settledCount()).isZero();

        ledger.recordInput(new InputRef("in", 0, 0), b("k0"), b("v0"));
        ledger.recordInput(new InputRef("in", 0, 1), b("k1"), b("v1"));
        ledger.recordInput(new InputRef("in", 0, 2), b("k2"), b("v2"));

        ConservationReport report = ledger.report();
        assertThat(report.unattributed()).isZero();
        assertThat(report.missing()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.dlqAltered()).as("the early DLQ record's bytes are still compared").isEqualTo(1);
        assertThat(ledger.allSettled()).isTrue();
    }

    @Test
    void anEarlyResultWhoseInputNeverComesIsUnattributed() {
        ConservationLedger ledger = withInputs(1);
        ledger.recordOutput(new InputRef("in", 0, 0));
        ledger.recordOutput(new InputRef("in", 3, 7));
        assertThat(ledger.report().unattributed()).isEqualTo(1);
        assertThat(ledger.report().unattributedSamples()).containsExactly("output:in-3@7");
    }

    @Test
    void dlqRecordWithOtherBytesIsReported() {
        ConservationLedger ledger = withInputs(2);
        ledger.recordDlq(new InputRef("in", 0, 0), "INVALID_EVENT", b("k0"), b("changed"));
        ledger.recordDlq(new InputRef("in", 1, 1), "INVALID_EVENT", null, b("v1"));
        ConservationReport report = ledger.report();
        assertThat(report.held()).isTrue();
        assertThat(report.dlqBytesIntact()).isFalse();
        assertThat(report.dlqAltered()).isEqualTo(2);
        assertThat(report.alteredSamples()).containsExactly(new InputRef("in", 0, 0), new InputRef("in", 1, 1));
    }

    @Test
    void nullKeysMatchNullKeys() {
        ConservationLedger ledger = new ConservationLedger();
        ledger.recordInput(new InputRef("in", 0, 0), null, b("v"));
        ledger.recordDlq(new InputRef("in", 0, 0), "INVALID_EVENT", null, b("v"));
        assertThat(ledger.report().dlqBytesIntact()).isTrue();
    }

    @Test
    void sameInputTwiceIsACallerError() {
        ConservationLedger ledger = withInputs(1);
        assertThatThrownBy(() -> ledger.recordInput(new InputRef("in", 0, 0), null, null)).isInstanceOf(IllegalStateException.class);
    }
}
