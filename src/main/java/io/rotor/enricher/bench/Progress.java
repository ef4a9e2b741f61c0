package io.rotor.enricher.bench;

import java.io.PrintStream;

/**
 * Progress on one updating line when the output is a terminal, one line per step otherwise (CI logs).
 * Updates are throttled so a busy loop cannot flood the terminal.
 */
public final class Progress {
    private static final long MIN_UPDATE_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private String step = "";
    private long lastUpdate;
    private int lastWidth;

    public Progress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Progress that prints nothing (tests). */
    public static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), false);
    }

    public static Progress console() {
        return new Progress(System.err, System.console() != null);
    }

    /** A new step: always shown. */
    public synchronized void step(String text) {
        step = text;
        if (interactive) {
            show(text);
        } else {
            out.println(text);
        }
        lastUpdate = System.nanoTime();
    }

    /** Detail within the current step: shown on the updating line only, throttled. */
    public synchronized void update(String detail) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastUpdate < MIN_UPDATE_NANOS) {
            return;
        }
        lastUpdate = now;
        show(step + ": " + detail);
    }

    /** Ends the updating line so normal output can follow. */
    public synchronized void done() {
        if (interactive && lastWidth > 0) {
            out.print('\r' + " ".repeat(lastWidth) + '\r');
            out.flush();
            lastWidth = 0;
        }
    }

    private void show(String text) {
        String line = text.length() > 110 ? text.substring(0, 110) : text;
        int pad = Math.max(0, lastWidth - line.length());
        out.print('\r' + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
    }
}
