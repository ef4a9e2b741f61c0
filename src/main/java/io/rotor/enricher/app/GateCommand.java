package io.rotor.enricher.app;

import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.service.GateKeys;
import io.rotor.enricher.service.GateTopicReader;
import io.rotor.enricher.service.GateTopicWriter;
import io.rotor.enricher.topology.GateRecord;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate}: the shared quota gate on the gate topic, as every instance of the application sees it. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "The shared quota gate: the closings instances published on <application id>-quota-gate, and an operator's reopening.")
final class GateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Reads the gate topic (read_committed, to its end) and prints each key's gate as the service merges it:",
                    "key fingerprint, open or closed now, reason, closed until, when and by which instance it closed, epoch.",
                    "Exit 0 when read, 1 when the topic cannot be read, 2 for a configuration error."})
    static final class Status implements Callable<Integer> {
        static final String FORMAT = "%-52s %-6s %-17s %-24s %-24s %-28s %5s  %s";

        @Mixin
        ConfigOptions options;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
                description = "how long the read may take (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Spec
        CommandSpec spec;

        private final Map<String, String> env;
        private final Clock clock;

        Status(Map<String, String> env, Clock clock) {
            this.env = env;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            EnricherConfig config = options.load(env);
            if (options.printConfig) {
                io.rotor.enricher.config.ConfigPrinter.print(config, spec.commandLine().getOut());
                return 0;
            }
            LogLevels.apply(config.logLevel());
            LogFormats.apply(config.logFormat());
            Map<String, GateRecord> gates = GateTopicReader.readAll(config, timeout);
            Instant now = clock.instant();
            String ours = GateKeys.fingerprint(config.rotor().apiKey());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Gate topic " + config.topology().gateTopic() + ", read to its end at " + now);
            if (gates.isEmpty()) {
                out.println("No gate records: no instance has closed the gate for any key.");
                return 0;
            }
            out.println(String.format(FORMAT, "KEY", "STATE", "REASON", "CLOSED UNTIL", "CLOSED AT", "BY", "EPOCH", "DETAIL"));
            gates.forEach((key, record) -> {
                boolean closed = record.state().isClosedAt(now);
                out.println(String.format(FORMAT, key + (key.equals(ours) ? " (this key)" : ""), closed ? "closed" : "open",
                        record.state().reason() == null ? "-" : record.state().reason().name(),
                        record.state().closedUntil().equals(Instant.EPOCH) ? "-" : record.state().closedUntil().toString(),
                        record.closedAtMs() < 0 ? "-" : Instant.ofEpochMilli(record.closedAtMs()).toString(),
                        record.closedBy() == null ? "-" : record.closedBy(), record.epoch(),
                        detail(record)));
            });
            if (!gates.containsKey(ours)) {
                out.println("The configured key (" + ours + ") has no gate record: its gate is open.");
            }
            return 0;
        }
    }

    /** The record's detail; a reopening adds what it cancelled and the release spread. */
    static String detail(GateRecord record) {
        String detail = record.state().detail() == null ? "" : record.state().detail();
        GateRecord.Reopening r = record.reopening();
        if (r == null) {
            return detail;
        }
        return detail + " (cancelled " + r.cancelledReason() + " until " + Instant.ofEpochMilli(r.cancelledUntilMs())
                + "; parked events released over " + io.rotor.enricher.config.Durations.format(Duration.ofMillis(r.spreadMs())) + ")";
    }

    @Command(name = "open", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Reopens the configured key's gate: publishes an operator's reopening (the",
                    "next epoch of the gate record). Every running instance reopens within about",
                    "a second and releases the events parked for the closing over --spread, as",
                    "after a reset; nothing else is released early, and the next 429 closes the",
                    "gate again. Exit 0 when reopened or already open, 1 when the topic cannot",
                    "be read or written, 2 for a configuration error."})
    static final class Open implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--spread", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "release the parked events over this long (default: ENRICHER_RATE_LIMIT_SPREAD)")
        Duration spread;

        @Option(names = "--reason", paramLabel = "TEXT",
                description = "why, for the gate record and gate status (e.g. \"quota raised to 5000 by Rotor support\")")
        String reason;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
                description = "how long reading and writing the gate topic may take (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Spec
        CommandSpec spec;

        private final Map<String, String> env;
        private final Clock clock;

        Open(Map<String, String> env, Clock clock) {
            this.env = env;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            EnricherConfig config = options.load(env);
            if (options.printConfig) {
                io.rotor.enricher.config.ConfigPrinter.print(config, spec.commandLine().getOut());
                return 0;
            }
            LogLevels.apply(config.logLevel());
            LogFormats.apply(config.logFormat());
            Duration releaseOver = spread != null ? spread : config.topology().rateLimitSpread();
            if (releaseOver.isNegative()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--spread must not be negative");
            }
            String key = GateKeys.fingerprint(config.rotor().apiKey());
            PrintWriter out = spec.commandLine().getOut();
            GateRecord held = GateTopicReader.readAll(config, timeout).get(key);
            Instant now = clock.instant();
            if (held == null || !held.state().isClosedAt(now)) {
                out.println("The gate of the configured key (" + key + ") is open: nothing to reopen.");
                return 0;
            }
            String by = "operator " + System.getProperty("user.name", "unknown") + "@" + hostName();
            String detail = "reopened by gate open" + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
            GateRecord reopening = GateRecord.reopeningOf(held, now.toEpochMilli(), by, detail, releaseOver.toMillis());
            GateTopicWriter.publish(config, key, reopening, timeout);
            GateRecord after = GateTopicReader.readAll(config, timeout).get(key);
            if (after == null || after.epoch() < reopening.epoch()) {
                spec.commandLine().getErr().println("error: the reopening was written but the gate topic "
                        + config.topology().gateTopic() + " does not hold it when read back");
                return 1;
            }
            out.println("Reopened the gate of " + key + " (epoch " + reopening.epoch() + "): it was closed until "
                    + held.state().closedUntil() + " (" + held.state().reason() + ", by "
                    + (held.closedBy() == null ? "an instance" : held.closedBy()) + ").");
            out.println("Running instances reopen within about a second and release the events parked for that closing over "
                    + io.rotor.enricher.config.Durations.format(releaseOver) + ".");
            if (after.state().isClosedAt(clock.instant())) {
                out.println("An instance has closed it again since (" + after.state().reason() + " until "
                        + after.state().closedUntil() + "): Rotor still refuses the key.");
            }
            return 0;
        }

        private static String hostName() {
            String host = System.getenv("HOSTNAME");
            if (host != null && !host.isBlank()) {
                return host.strip();
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException unknown) {
                return "unknown-host";
            }
        }
    }
}
