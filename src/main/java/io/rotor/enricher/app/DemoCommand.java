package io.rotor.enricher.app;

import io.rotor.enricher.demo.Demo;
import io.rotor.enricher.demo.DemoOptions;
import io.rotor.enricher.demo.ProgressLine;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole service on an embedded default. Exit 0 when conservation held, 1 when it did not or the
 * demo could not finish, 2 on a usage error.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs everything here, nothing to set up, and checks no event is lost.",
            "Starts an in-process Kafka broker, a sandbox Rotor (latency, a small quota with a short period,",
            "injected faults), an in-memory schema registry and the enricher; produces a stream of events,",
            "shows progress, and ends with a summary: events in, leads out, cache hits, API calls, retries,",
            "DLQ by reason, and whether every event ended exactly once in the output or the DLQ."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:conservation held", "1:conservation broken, or the demo could not finish", "2:usage error"})
public final class DemoCommand implements Callable<Integer> {


    @Option(names = "--events", defaultValue = "5000", description = "events to produce (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--leads", defaultValue = "100", description = "leads the sandbox Rotor knows; events pick them Zipf-like, so a few are hot (default: ${DEFAULT-VALUE})")
    int leads;

    @Option(names = "--rate", defaultValue = "2000", description = "events produced per second, 0 for as fast as possible (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--latency", defaultValue = "40ms", converter = DurationConverter.class, description = "mean sandbox latency (default: ${DEFAULT-VALUE})")
    Duration latency;

    @Option(names = "--latency-jitter", defaultValue = "30ms", converter = DurationConverter.class, description = "latency varies by up to this much either way (default: ${DEFAULT-VALUE})")
    Duration latencyJitter;

    @Option(names = "--error-rate", defaultValue = "0.02", description = "share of lookups answered 500 (default: ${DEFAULT-VALUE})")
    double errorRate;

    @Option(names = "--timeout-rate", defaultValue = "0.005", description = "share of lookups never answered; the client times out after 1s (default: ${DEFAULT-VALUE})")
    double timeoutRate;

    @Option(names = "--reset-rate", defaultValue = "0.01", description = "share of lookups whose connection is reset (default: ${DEFAULT-VALUE})")
    double resetRate;

    @Option(names = "--malformed-rate", defaultValue = "0.01", description = "share of lookups answered 200 with a broken body (default: ${DEFAULT-VALUE})")
    double malformedRate;

    @Option(names = "--quota", defaultValue = "50", description = "lookups allowed per quota period before Rotor answers 429 (default: ${DEFAULT-VALUE})")
    int quota;

    @Option(names = "--quota-period", defaultValue = "3s", converter = DurationConverter.class, description = "the quota's period; Rotor's is a day (default: ${DEFAULT-VALUE})")
    Duration quotaPeriod;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--timeout", defaultValue = "90s", converter = DurationConverter.class, description = "give up waiting for results after this long (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--seed", defaultValue = "42", description = "seeds the events and the sandbox, so runs repeat (default: ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    DemoOptions options() {
        try {
            return new DemoOptions(events, leads, rate, latency, latencyJitter, errorRate, timeoutRate, resetRate,
                    malformedRate, quota, quotaPeriod, partitions, timeout, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        DemoOptions options = options();
        return new Demo(options, System.out, ProgressLine.forStdout()).run().conservation().held() ? 0 : 1;
    }
}
