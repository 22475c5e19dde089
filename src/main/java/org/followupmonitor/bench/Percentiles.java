package org.followupmonitor.bench;

import java.util.Arrays;

/** Nearest-rank percentiles (Hyndman and Fan type 1): always one of the observed values. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param values observations (not modified)
     * @param p      in (0, 1]
     * @return the smallest value with at least {@code p} of the observations at or below it
     * @throws IllegalArgumentException when {@code values} is empty or {@code p} is outside (0, 1]
     */
    public static double nearestRank(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no observations: a percentile needs at least one value");
        }
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("percentile must be in (0, 1], was " + p);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
