package io.rotor.enricher.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.rotor.enricher.bench.Bench;
import io.rotor.enricher.bench.BenchReport;
import io.rotor.enricher.bench.BenchRig;
import io.rotor.enricher.bench.BenchRunner;
import io.rotor.enricher.bench.BenchSizes;
import io.rotor.enricher.bench.Progress;
import io.rotor.enricher.bench.ReportFormat;
import io.rotor.enricher.bench.Zipf;
import io.rotor.enricher.config.Durations;
import io.rotor.enricher.demo.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures every scenario against both baselines on one in-process broker and the sandbox Rotor,
 * prints the table and writes bench-results.json and bench-results.csv. Targets are reported, not enforced: the
 * exit code is 0 whenever the bench itself ran.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark: each scenario against the passthrough and naive-sync baselines, in one run, on one "
                + "in-process Kafka broker and the sandbox Rotor. Prints a table; writes bench-results.json and "
                + "bench-results.csv. Defaults are scaled to finish in a few minutes on 2 cores; every size can be raised.")
public final class BenchCommand implements Callable<Integer> {
    private static final BenchSizes D = BenchSizes.defaults();

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", description = "Runs per scenario; figures are medians (default ${DEFAULT-VALUE}).")
    int runs = D.runs();

    @Option(names = "--warmup-runs", paramLabel = "N",
            description = "Runs of every scenario before those, not counted: the JIT's first measurements (default ${DEFAULT-VALUE}).")
    int warmupRuns = D.warmupRuns();

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "Scenarios to run (the passthrough and naive-sync baselines always run): warm,output-headers,cold,hot-keys,quota,slow-api,latency,stale,quota-day (default: all).")
    List<String> scenarios = List.of();

    @Option(names = "--events", paramLabel = "N", description = "Events per warm and passthrough measurement (default ${DEFAULT-VALUE}).")
    int events = D.events();

    @Option(names = "--partitions", paramLabel = "N", description = "Input and repartition partitions (default ${DEFAULT-VALUE}).")
    int partitions = D.partitions();

    @Option(names = "--warm-leads", paramLabel = "N", description = "Cached leads in warm, latency and stale (default ${DEFAULT-VALUE}).")
    int warmLeads = D.warmLeads();

    @Option(names = "--cold-latency", paramLabel = "DURATION", description = "Sandbox latency in cold and naive sync (default 50ms).")
    String coldLatency = Durations.format(D.coldLatency());

    @Option(names = "--cold-in-flight", split = ",", paramLabel = "N", description = "Max in-flight levels of cold (default 1,8,64).")
    List<Integer> coldInFlight = D.coldInFlight();

    @Option(names = "--cold-seconds", paramLabel = "S",
            description = "Cold events per level = that many seconds at the Little's-law bound (default ${DEFAULT-VALUE}).")
    double coldSeconds = D.coldSeconds();

    @Option(names = "--naive-events", paramLabel = "N", description = "Events of the naive-sync baseline (default ${DEFAULT-VALUE}).")
    int naiveEvents = D.naiveEvents();

    @Option(names = "--hot-events", paramLabel = "N", description = "Events of hot-keys (default ${DEFAULT-VALUE}).")
    int hotEvents = D.hotEvents();

    @Option(names = "--hot-leads", paramLabel = "N", description = "Leads hot-keys draws from (default ${DEFAULT-VALUE}).")
    int hotLeads = D.hotLeads();

    @Option(names = "--hot-zipf", paramLabel = "S", description = "Zipf exponent of hot-keys (default ${DEFAULT-VALUE}).")
    double hotZipf = D.hotZipfExponent();

    @Option(names = "--quota", paramLabel = "N", description = "Sandbox quota in the quota scenario (default ${DEFAULT-VALUE}).")
    int quota = D.quota();

    @Option(names = "--quota-events", paramLabel = "N", description = "Events of quota, each a distinct lead (default ${DEFAULT-VALUE}).")
    int quotaEvents = D.quotaEvents();

    @Option(names = "--slow-latency", paramLabel = "DURATION", description = "Sandbox latency in slow-api (default 10s).")
    String slowLatency = Durations.format(D.slowLatency());

    @Option(names = "--slow-backlog", paramLabel = "N", description = "Backlog of slow-api (default ${DEFAULT-VALUE}).")
    int slowBacklog = D.slowBacklog();

    @Option(names = "--slow-duration", paramLabel = "DURATION", description = "How long slow-api watches (default 30s).")
    String slowDuration = Durations.format(D.slowDuration());

    @Option(names = "--latency-rate", paramLabel = "N", description = "Events/s in latency and stale (default ${DEFAULT-VALUE}).")
    int latencyRate = D.latencyRate();

    @Option(names = "--latency-duration", paramLabel = "DURATION", description = "How long latency and stale produce (default 10s).")
    String latencyDuration = Durations.format(D.latencyDuration());

    @Option(names = "--day-catalog", paramLabel = "N", description = "Catalog leads in quota-day (default ${DEFAULT-VALUE}).")
    int dayCatalog = D.dayCatalog();

    @Option(names = "--day-leads", paramLabel = "N", description = "Distinct leads quota-day's events touch, 3 events each (default ${DEFAULT-VALUE}).")
    int dayLeads = D.dayLeads();

    @Option(names = "--day-period", paramLabel = "DURATION", description = "The compressed quota period of quota-day (default 60s).")
    String dayPeriod = Durations.format(D.dayPeriod());

    @Option(names = "--day-new-leads", paramLabel = "N", description = "Leads created during quota-day's period, events right after (default ${DEFAULT-VALUE}).")
    int dayNewLeads = D.dayNewLeads();

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where the JSON and CSV go (default: the current directory).")
    Path outputDir = Path.of(".");

    @Override
    public Integer call() throws Exception {
        BenchSizes sizes;
        List<String> selected;
        try {
            sizes = sizes();
            selected = Bench.selectScenarios(scenarios);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        quietLogs();
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.console();
        progress.step("starting an in-process Kafka broker");
        BenchReport report;
        try (EmbeddedKafka broker = EmbeddedKafka.started();
             BenchRig rig = new BenchRig(broker.bootstrapServers())) {
            report = Bench.run(rig, sizes, selected, progress);
        }
        progress.done();
        out.println();
        out.print(ReportFormat.table(report));
        List<Path> files = ReportFormat.write(report, outputDir);
        out.println();
        out.println("wrote " + files.get(0) + " and " + files.get(1));
        out.flush();
        return 0;
    }

    BenchSizes sizes() {
        return new BenchSizes(runs, warmupRuns, partitions, events, warmLeads, Durations.parse(coldLatency), coldInFlight,
                coldSeconds, naiveEvents, hotEvents, hotLeads, hotZipf, D.hotLatency(), quota, quotaEvents,
                Durations.parse(slowLatency), slowBacklog, Durations.parse(slowDuration), latencyRate,
                Durations.parse(latencyDuration), D.fastLatency(), dayCatalog, dayLeads, Durations.parse(dayPeriod),
                dayNewLeads);
    }

    /**
     * The progress line and the table are the bench's output; Kafka's and the service's INFO and WARN lines
     * (topics being created, the temp state directory, the Rotor client's plain-http warning for the in-process
     * sandbox, the HTTP reactor's shutdown noise when a measurement closes its client) would bury them. A scenario
     * that fails still shows: in the table's notes and in the runner's own log line. ENRICHER_LOG_LEVEL, when
     * set, keeps every logger as configured.
     */
    private static void quietLogs() {
        if (System.getenv("ENRICHER_LOG_LEVEL") != null) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
                if (logger.getLevel() != null && !logger.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    logger.setLevel(Level.ERROR);
                }
            }
        }
        setLevel(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.ERROR);
        setLevel("org.apache.hc.client5.http.impl.async", Level.OFF);
        setLevel(BenchRunner.class.getName(), Level.WARN);
    }

    private static void setLevel(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(level);
        }
    }

    /** Runs the bench alone, as {@code java -cp ... io.rotor.enricher.app.BenchCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
