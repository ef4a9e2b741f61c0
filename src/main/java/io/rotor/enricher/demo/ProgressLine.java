package io.rotor.enricher.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress on one line that rewrites itself (carriage return) on a terminal; on a pipe or a CI log, where a
 * carriage return makes a mess, a plain line at most every {@code plainInterval}.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final boolean terminal;
    private final long plainIntervalNanos;
    private final LongSupplier nanoTime;
    private int lastWidth;
    private long lastPlainNanos;
    private boolean printedPlain;
    private String unprinted;

    public ProgressLine(PrintStream out, boolean terminal, Duration plainInterval, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.plainIntervalNanos = plainInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** For the process's stdout: a terminal when the JVM has a console. */
    public static ProgressLine forStdout() {
        return new ProgressLine(System.out, System.console() != null, Duration.ofSeconds(2), System::nanoTime);
    }

    public void update(String text) {
        if (terminal) {
            // Pad with spaces to wipe what a longer previous text left behind.
            String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
            out.print("\r" + padded);
            out.flush();
            lastWidth = text.length();
            return;
        }
        long now = nanoTime.getAsLong();
        if (!printedPlain || now - lastPlainNanos >= plainIntervalNanos) {
            out.println(text);
            printedPlain = true;
            lastPlainNanos = now;
            unprinted = null;
        } else {
            unprinted = text;
        }
    }

    /** Ends the line: on a terminal, a newline after the last text; on a pipe, the last text if not yet printed. */
    public void finish() {
        if (terminal) {
            if (lastWidth > 0) {
                out.println();
            }
        } else if (unprinted != null) {
            out.println(unprinted);
        }
        out.flush();
        lastWidth = 0;
        unprinted = null;
    }
}
