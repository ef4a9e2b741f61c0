package io.rotor.enricher.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One scenario or baseline of the bench: it declares its figures and measures them once per run. */
public interface BenchScenario {

    /** The name used by {@code --scenarios} and in the table. */
    String name();

    /** The figures it produces, in table order. */
    List<FigureSpec> figures();

    /** Why it cannot run in this build or with these sizes, or empty when it can. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Measures once.
     *
     * @param thisRun figures measured earlier in the same run, by id (baselines run first, so ratios divide by
     *                the baseline of the same run)
     * @return a value for each of {@link #figures()}, by id
     */
    Map<String, Double> runOnce(Map<String, Double> thisRun, Progress progress) throws Exception;
}
