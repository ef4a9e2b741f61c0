package io.rotor.enricher.config;

import io.rotor.enricher.config.EnricherConfig.ConfigEntry;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code --print-config}: the effective configuration as properties lines (so the output can be saved and
 * passed back with {@code --config}, once secrets are filled in), each commented with its source. Secrets are
 * never printed.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {
    }

    public static void print(EnricherConfig config, PrintWriter out) {
        out.println("# Effective configuration (defaults < --config file < environment < command line); secrets redacted");
        for (ConfigEntry e : config.entries()) {
            String comment = e.source().name().toLowerCase(Locale.ROOT)
                    + (e.property() == null ? "" : ", becomes " + e.property());
            // Secret lines are commented out so a saved copy never feeds a mask back in as the value.
            out.println((e.secret() ? "# " : "") + e.name() + "=" + e.display() + "    # " + comment
                    + (e.secret() ? ", secret: not shown" : ""));
        }
        out.flush();
    }
}
