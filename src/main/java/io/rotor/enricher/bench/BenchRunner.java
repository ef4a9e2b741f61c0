package io.rotor.enricher.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario {@code warmupRuns} times without counting them, then {@code runs} times, interleaved (run 1 of each, then run 2 of each, ...) so that a drift in
 * the machine's load spreads over all figures instead of biasing one, and summarises each figure over the runs.
 * A scenario that throws in one run loses that run only; the failure is kept as a note on its figures.
 */
public final class BenchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

    private final List<BenchScenario> scenarios;
    private final int warmupRuns;
    private final int runs;
    private final Progress progress;

    public BenchRunner(List<BenchScenario> scenarios, int warmupRuns, int runs, Progress progress) {
        if (runs < 1 || warmupRuns < 0) {
            throw new IllegalArgumentException("runs must be at least 1 and warm-up runs 0 or more");
        }
        this.scenarios = List.copyOf(scenarios);
        this.warmupRuns = warmupRuns;
        this.runs = runs;
        this.progress = progress;
    }

    public List<FigureResult> run() {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, List<String>> failures = new LinkedHashMap<>();
        // Warm-up runs are numbered 0 and below: measured like the others, never counted.
        for (int run = 1 - warmupRuns; run <= runs; run++) {
            boolean counted = run >= 1;
            Map<String, Double> thisRun = new LinkedHashMap<>();
            for (BenchScenario scenario : scenarios) {
                if (scenario.unavailableReason().isPresent()) {
                    continue;
                }
                progress.step((counted ? "[run " + run + "/" + runs : "[warm-up " + (run + warmupRuns) + "/" + warmupRuns)
                        + "] " + scenario.name());
                try {
                    Map<String, Double> measured = scenario.runOnce(thisRun, progress);
                    for (FigureSpec spec : scenario.figures()) {
                        Double v = measured.get(spec.id());
                        if (v == null || v.isNaN() || v.isInfinite()) {
                            throw new IllegalStateException("no value for " + spec.id());
                        }
                    }
                    // Only a complete measurement counts, so every figure of a scenario has the same runs.
                    for (FigureSpec spec : scenario.figures()) {
                        Double v = measured.get(spec.id());
                        if (counted) {
                            values.computeIfAbsent(spec.id(), k -> new ArrayList<>()).add(v);
                        }
                        thisRun.put(spec.id(), v);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("bench interrupted", e);
                } catch (Exception e) {
                    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (counted) {
                        LOG.warn("{} failed in run {}: {}", scenario.name(), run, message, e);
                        failures.computeIfAbsent(scenario.name(), k -> new ArrayList<>()).add("run " + run + ": " + message);
                    } else {
                        // A failure that matters fails the counted runs too; a warm-up's is only logged.
                        LOG.warn("{} failed in a warm-up run: {}", scenario.name(), message, e);
                    }
                }
            }
        }
        progress.done();

        List<FigureResult> results = new ArrayList<>();
        for (BenchScenario scenario : scenarios) {
            Optional<String> unavailable = scenario.unavailableReason();
            List<String> failed = failures.getOrDefault(scenario.name(), List.of());
            for (FigureSpec spec : scenario.figures()) {
                List<Double> measured = values.getOrDefault(spec.id(), List.of());
                if (unavailable.isPresent()) {
                    results.add(FigureResult.notRun(spec, unavailable.get()));
                } else if (measured.isEmpty()) {
                    results.add(FigureResult.notRun(spec, "failed in every run: " + String.join("; ", failed)));
                } else {
                    String note = failed.isEmpty() ? "" : failed.size() + " of " + runs + " runs failed: " + String.join("; ", failed);
                    results.add(FigureResult.measured(spec, measured, note));
                }
            }
        }
        return results;
    }
}
