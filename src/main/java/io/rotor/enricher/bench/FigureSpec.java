package io.rotor.enricher.bench;

import java.util.Objects;

/**
 * What one row of the results table measures.
 *
 * @param id       stable key in bench-results.json/csv, e.g. {@code cold.64.littles_ratio}
 * @param scenario the scenario or baseline that produces it
 * @param label    what the figure is, in words
 * @param unit     unit of the value ({@code events/s}, {@code x}, {@code ms}, {@code MiB}, {@code count})
 * @param target   what it is reported against
 */
public record FigureSpec(String id, String scenario, String label, String unit, Target target) {
    public FigureSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(target, "target");
    }

    public static FigureSpec info(String id, String scenario, String label, String unit) {
        return new FigureSpec(id, scenario, label, unit, Target.none());
    }
}
