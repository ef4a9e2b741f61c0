package io.rotor.enricher.app;

import io.rotor.enricher.sandbox.ArchivedReading;
import io.rotor.enricher.sandbox.SandboxOptions;
import io.rotor.enricher.sandbox.SandboxRotorServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the sandbox Rotor server alone until SIGTERM: GET /leads/{id}, GET /leads and GET /auth/test",
                "with a seeded lead catalog, a per-key quota, latency and injected faults. Point ROTOR_BASE_URL at it",
                "(with ROTOR_ALLOW_HTTP=true) and ROTOR_API_KEY at its key."})
final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on; 0.0.0.0 in a container so other services reach it (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "8090", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--api-key", defaultValue = SandboxOptions.DEFAULT_API_KEY,
            description = "the key the sandbox accepts, with scope leads:read (default: ${DEFAULT-VALUE})")
    String apiKey;

    @Option(names = "--leads", defaultValue = "100", description = "known leads in the catalog (default: ${DEFAULT-VALUE})")
    int leads;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the catalog and of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quota", defaultValue = "" + SandboxOptions.ROTOR_DAILY_QUOTA,
            description = "requests per key per period; 0 turns the quota off (default: ${DEFAULT-VALUE})")
    int quota;

    @Option(names = "--quota-period", defaultValue = "1d", converter = DurationConverter.class,
            description = "the quota's period, e.g. 1d or 30s (default: ${DEFAULT-VALUE})")
    Duration quotaPeriod;

    @Option(names = "--quota-spent", description = "start with the quota used up until the first period ends, as if another client had spent it")
    boolean quotaSpent;

    @Option(names = "--create-rate", defaultValue = "0",
            description = "leads created per second while it runs, newest at the top of GET /leads (default: ${DEFAULT-VALUE})")
    double createRate;

    @Option(names = "--archived-true-means", defaultValue = "only", paramLabel = "only|include",
            description = "what archived=true on GET /leads lists: archived leads only, or all leads (default: ${DEFAULT-VALUE})")
    String archivedTrueMeans;

    @Option(names = "--retry-after", description = "send Retry-After with 429 answers (Rotor's reference shows none)")
    boolean retryAfter;

    @Option(names = "--latency", defaultValue = "0ms", converter = DurationConverter.class,
            description = "fixed delay of every response (default: ${DEFAULT-VALUE})")
    Duration latency;

    @Option(names = "--jitter", defaultValue = "0ms", converter = DurationConverter.class,
            description = "extra random delay up to this (default: ${DEFAULT-VALUE})")
    Duration jitter;

    @Option(names = "--error-rate", defaultValue = "0", description = "share of lead requests answered 500 (default: ${DEFAULT-VALUE})")
    double errorRate;

    @Option(names = "--timeout-rate", defaultValue = "0", description = "share of lead requests never answered (default: ${DEFAULT-VALUE})")
    double timeoutRate;

    @Option(names = "--reset-rate", defaultValue = "0", description = "share of lead requests whose connection is reset (default: ${DEFAULT-VALUE})")
    double resetRate;

    @Option(names = "--malformed-rate", defaultValue = "0", description = "share of lead requests answered with a broken body (default: ${DEFAULT-VALUE})")
    double malformedRate;

    @Spec
    CommandSpec spec;

    /** Options as the sandbox server takes them; an invalid combination is a usage error. */
    SandboxOptions sandboxOptions() {
        try {
            return SandboxOptions.builder()
                    .bindAddress(bind)
                    .port(port)
                    .apiKey(apiKey, Set.of(SandboxOptions.SCOPE_LEADS_READ))
                    .catalogSize(leads)
                    .seed(seed)
                    .quota(quota)
                    .quotaPeriod(quotaPeriod)
                    .sendRetryAfter(retryAfter)
                    .quotaSpent(quotaSpent)
                    .leadCreationRate(createRate)
                    .archivedReading(archivedReading(archivedTrueMeans))
                    .latency(latency, jitter)
                    .errorRate(errorRate)
                    .timeoutRate(timeoutRate)
                    .resetRate(resetRate)
                    .malformedRate(malformedRate)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static ArchivedReading archivedReading(String option) {
        return switch (option.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "only" -> ArchivedReading.ONLY_ARCHIVED;
            case "include" -> ArchivedReading.INCLUDE_ARCHIVED;
            default -> throw new IllegalArgumentException("--archived-true-means must be only or include, was '" + option + "'");
        };
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SandboxOptions options = sandboxOptions();
        CountDownLatch stopped = new CountDownLatch(1);
        SandboxRotorServer server = SandboxRotorServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Sandbox Rotor serving " + server.baseUrl() + " (" + options.catalogSize() + " leads, quota "
                + (options.quotaEnabled() ? options.quota() + " per " + options.quotaPeriod() : "off")
                + (options.quotaSpent() ? ", spent until the period ends" : "") + ")");
        out.println("Use: ROTOR_BASE_URL=" + server.baseUrl() + " ROTOR_ALLOW_HTTP=true ROTOR_API_KEY=<the --api-key>");
        out.println("Known lead ids include: " + String.join(", ", server.catalog().ids().subList(0, Math.min(3, server.catalog().ids().size()))));
        out.flush();
        stopped.await();
        return 0;
    }
}
