package io.rotor.enricher.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure over several runs: the median (the figure we report) with the min and max so the spread is visible.
 * With an even number of runs the median is the mean of the two middle values.
 */
public record Summary(double median, double min, double max, int runs) {

    public Summary {
        if (runs < 1) {
            throw new IllegalArgumentException("a summary needs at least one run");
        }
    }

    public static Summary of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.size());
        for (Double v : values) {
            if (v == null || v.isNaN()) {
                throw new IllegalArgumentException("a run produced no value for this figure");
            }
            sorted.add(v);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a summary needs at least one run");
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
    }
}
