package io.rotor.enricher.bench;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few leads get most events, as on a
 * real CRM where a handful of leads are being worked on. Inverse-CDF sampling over a precomputed table.
 */
public final class Zipf {
    private final double[] cumulative;

    public Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("Zipf needs at least one rank");
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("Zipf exponent must be >= 0");
        }
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    public int sample(RandomGenerator random) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
