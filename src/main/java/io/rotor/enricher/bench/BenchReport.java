package io.rotor.enricher.bench;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench command measured: when, where, with which sizes, and every figure.
 *
 * @param startedAt   when the command started
 * @param finishedAt  when it finished
 * @param environment machine, JVM and shared settings
 * @param sizes       the sizes used, by option name
 * @param figures     every figure in table order
 * @param notes       per scenario, remarks on how it ran (e.g. why it could not run)
 */
public record BenchReport(
        Instant startedAt,
        Instant finishedAt,
        EnvironmentInfo environment,
        Map<String, String> sizes,
        List<FigureResult> figures,
        Map<String, String> notes) {

    public BenchReport {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        figures = List.copyOf(figures);
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }
}
