package io.rotor.enricher.app;

import io.rotor.enricher.config.Durations;
import io.rotor.enricher.config.EnricherConfig;
import io.rotor.enricher.config.KafkaPropertyNames;
import io.rotor.enricher.demo.ProgressLine;
import io.rotor.enricher.envelope.DlqReason;
import io.rotor.enricher.replay.DlqReplay;
import io.rotor.enricher.replay.ReplaySelection;
import io.rotor.enricher.service.EnricherService;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code replay}: the dead-letter topic back into the pipeline, exactly once, resumable. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays the dead-letter topic into the pipeline, exactly once and resumable.",
                "Reads the DLQ read_committed up to its end offsets taken at the start, and",
                "writes each selected record's original key, value and headers, its first",
                "origin and rotor.replay.count to ENRICHER_REPLAY_TOPIC (read by ingest) or",
                "--to. Records and the replay group's offsets commit in one transaction: a",
                "crash and a rerun replay nothing twice, and the same selection continues",
                "where the last run stopped. The DLQ is never modified.",
                "Exit 0 when every selected record was replayed or skipped by rule, 1 on a",
                "runtime failure, 2 on a usage error."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--reason", paramLabel = "REASON", description = "only this rotor.dlq.reason (repeatable): one of ${COMPLETION-CANDIDATES}",
            completionCandidates = Reasons.class)
    List<String> reasons = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "dead-lettered at or after: an ISO instant (2026-12-01T00:00:00Z) or a duration ago (24h)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "dead-lettered before: an ISO instant or a duration ago")
    String until;

    @Option(names = "--lead-id", paramLabel = "ID", description = "only this lead's records (rotor.lead-id)")
    String leadId;

    @Option(names = "--origin-topic", paramLabel = "TOPIC", description = "only records whose first input was this topic")
    String originTopic;

    @Option(names = "--limit", paramLabel = "N", description = "stop after N replayed records; a rerun continues after the last one examined")
    Long limit;

    @Option(names = "--to", paramLabel = "TOPIC", description = "write here instead of ENRICHER_REPLAY_TOPIC (e.g. the input topic)")
    String to;

    @Option(names = "--max-replays", paramLabel = "N", defaultValue = "3",
            description = "skip a record replayed this many times already (default: ${DEFAULT-VALUE})")
    int maxReplays;

    @Option(names = "--group", paramLabel = "GROUP", description = "the replay group (default: <application id>-replay-<hash of the selection>)")
    String group;

    @Option(names = "--from-beginning", description = "start from the DLQ's first records, not where this group stopped")
    boolean fromBeginning;

    @Option(names = "--dry-run", description = "count what would be replayed (by reason, origin topic, leads); write and commit nothing")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long Kafka may take to answer or to make progress (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;

    ReplayCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** The reason names picocli lists in --help. */
    static final class Reasons extends ArrayList<String> {
        Reasons() {
            for (DlqReason r : DlqReason.values()) {
                add(r.name());
            }
        }
    }

    @Override
    public Integer call() {
        Set<String> known = new LinkedHashSet<>(new Reasons());
        for (String r : reasons) {
            if (!known.contains(r)) {
                throw new ParameterException(spec.commandLine(), "--reason: '" + r + "' is not a reason; use one of " + known);
            }
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        if (maxReplays < 1) {
            throw new ParameterException(spec.commandLine(), "--max-replays must be at least 1");
        }
        Instant now = clock.instant();
        Instant from = time("--since", since, now);
        Instant before = time("--until", until, now);
        EnricherConfig config = options.load(env);
        if (options.printConfig) {
            io.rotor.enricher.config.ConfigPrinter.print(config, spec.commandLine().getOut());
            return 0;
        }
        LogLevels.apply(config.logLevel());
        LogFormats.apply(config.logFormat());
        String target = to != null ? to : config.topology().replayTopic();
        if (target.equals(config.topology().dlqTopic())) {
            throw new ParameterException(spec.commandLine(), "--to: the DLQ itself; replay into the replay topic or the input topic");
        }
        ReplaySelection selection = new ReplaySelection(new java.util.TreeSet<>(reasons), from, before, leadId, originTopic,
                target, maxReplays);
        String replayGroup = group != null ? group : selection.group(config.topology().applicationId());
        PrintWriter out = spec.commandLine().getOut();
        out.println((dryRun ? "Dry run: counting " : "Replaying ") + config.topology().dlqTopic()
                + " (read_committed, up to its end offsets now)" + (dryRun ? "" : " into " + target));
        out.println("  selection: " + selection.describe() + ", max replays " + maxReplays + (limit == null ? "" : ", limit " + limit));
        out.println("  group:     " + replayGroup + (fromBeginning ? " (from the beginning)" : " (continues where it stopped)"));
        out.flush();

        Map<String, Object> props = new HashMap<>(EnricherService.clientProperties(config,
                KafkaPropertyNames.consumerProperties(config.kafkaProperties())));
        props.putAll(KafkaPropertyNames.producerProperties(config.kafkaProperties()));
        props.remove("client.id");
        ProgressLine progress = ProgressLine.forStdout();
        DlqReplay.Result result;
        try {
            result = DlqReplay.run(props, config.topology().dlqTopic(), new DlqReplay.Options(selection, replayGroup,
                    limit == null ? Long.MAX_VALUE : limit, dryRun, fromBeginning, timeout),
                    tally -> { if (System.console() != null) { progress.update(tally.progress()); } });
        } finally {
            progress.finish();
        }
        out.println("  read up to the end offsets taken at the start (partition:offset): " + result.describeEndOffsets());
        result.tally().summary(dryRun).forEach(out::println);
        if (result.limitReached()) {
            out.println("Stopped at --limit " + limit + (dryRun ? "." : "; rerun the same selection to continue."));
        }
        out.flush();
        return 0;
    }

    private Instant time(String option, String value, Instant now) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(Durations.parse(value));
            } catch (IllegalArgumentException notADuration) {
                throw new ParameterException(spec.commandLine(), option + ": '" + value
                        + "' is neither an ISO instant (2026-12-01T00:00:00Z) nor a duration (24h, 7d)");
            }
        }
    }
}
