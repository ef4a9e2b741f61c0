package io.rotor.enricher.app;

import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.service.GateKeys;
import io.rotor.enricher.service.GateTopicReader;
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
        description = "The shared quota gate: the closings instances published on <application id>-quota-gate.")
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
                        record.state().detail() == null ? "" : record.state().detail()));
            });
            if (!gates.containsKey(ours)) {
                out.println("The configured key (" + ours + ") has no gate record: its gate is open.");
            }
            return 0;
        }
    }
}
