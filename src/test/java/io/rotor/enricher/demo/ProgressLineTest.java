package io.rotor.enricher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void terminalRewritesOneLineAndWipesLongerText() {
        ProgressLine line = new ProgressLine(out, true, Duration.ofSeconds(2), nanos::get);
        line.update("events 10/100");
        line.update("done");
        line.finish();
        assertThat(printed()).isEqualTo("\revents 10/100\rdone         " + System.lineSeparator());
        assertThat(printed().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void pipeGetsPlainLinesAtMostEveryIntervalAndTheLastOne() {
        ProgressLine line = new ProgressLine(out, false, Duration.ofSeconds(2), nanos::get);
        line.update("a");
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        line.update("b");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        line.update("c");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        line.update("d");
        line.finish();
        assertThat(printed()).doesNotContain("\r");
        assertThat(printed().lines()).containsExactly("a", "c", "d");
    }

    @Test
    void pipeDoesNotRepeatTheLastLineWhenItWasPrinted() {
        ProgressLine line = new ProgressLine(out, false, Duration.ofSeconds(2), nanos::get);
        line.update("only");
        line.finish();
        assertThat(printed().lines()).containsExactly("only");
    }
}
