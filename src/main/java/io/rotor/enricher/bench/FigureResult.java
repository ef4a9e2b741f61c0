package io.rotor.enricher.bench;

import java.util.List;
import java.util.Objects;

/**
 * A figure after all runs: its summary and verdict, or the reason it could not be measured.
 *
 * @param spec    what was measured
 * @param summary median/min/max over the runs, null when not run
 * @param values  the value of each run, in run order
 * @param verdict the median judged against the target
 * @param note    why it was not run, or what a reader needs to interpret it; empty when none
 */
public record FigureResult(FigureSpec spec, Summary summary, List<Double> values, Target.Verdict verdict, String note) {

    public FigureResult {
        Objects.requireNonNull(spec, "spec");
        values = List.copyOf(values);
        note = note == null ? "" : note;
    }

    public static FigureResult measured(FigureSpec spec, List<Double> values, String note) {
        Summary summary = Summary.of(values);
        return new FigureResult(spec, summary, values, spec.target().judge(summary.median()), note);
    }

    public static FigureResult notRun(FigureSpec spec, String reason) {
        return new FigureResult(spec, null, List.of(), Target.Verdict.NOT_RUN, reason);
    }

    public boolean wasRun() {
        return summary != null;
    }
}
