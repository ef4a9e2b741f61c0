package io.rotor.enricher.app;

import io.rotor.enricher.config.ConfigPrinter;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.service.Checker;
import io.rotor.enricher.service.Checker.Verdict;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Validates the configuration and reaches Kafka, the Schema Registry and Rotor (one /auth/test call),",
                "printing a verdict per dependency, then what the key serves with and without the catalog sync.",
                "Exit 0 when all are OK, 1 when one is not, 2 for a configuration error."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class, description = "how long each dependency may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--catalog", description = "also spend one GET /leads call: the catalog's size and what a full sync costs")
    boolean catalog;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    CheckCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        EnricherConfig config = options.load(env);
        PrintWriter out = spec.commandLine().getOut();
        if (options.printConfig) {
            ConfigPrinter.print(config, out);
            return 0;
        }
        LogLevels.apply(config.logLevel());
        LogFormats.apply(config.logFormat());
        out.println(String.format("%-16s %-4s %s", "configuration", "OK", "all settings valid"));
        List<Verdict> verdicts = new Checker(config, Clock.systemUTC(), timeout).run(out, catalog);
        return verdicts.stream().allMatch(Verdict::ok) ? 0 : 1;
    }
}
