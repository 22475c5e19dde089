package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.Objects;

/**
 * Summary of a numeric variable for a "Table 1": mean, SD with n - 1 (R's {@code sd}), median and quartiles
 * (R's {@code quantile(type = 7)}), range. Undefined values are NaN: every statistic when no value is present,
 * the SD when only one is.
 *
 * @param n       non-missing values
 * @param missing NaN values excluded
 * @param mean    arithmetic mean
 * @param sd      sample standard deviation (divisor n - 1); NaN when n &lt; 2
 * @param median  median
 * @param q1      first quartile (type 7)
 * @param q3      third quartile (type 7)
 * @param min     smallest value
 * @param max     largest value
 */
public record DescriptiveSummary(int n, int missing, double mean, double sd, double median, double q1, double q3,
        double min, double max) {

    public DescriptiveSummary {
        if (n < 0 || missing < 0) {
            throw new IllegalArgumentException("counts must be non-negative; got n=" + n + ", missing=" + missing);
        }
    }

    /**
     * Summarises the values; NaN marks a missing value.
     *
     * @throws IllegalArgumentException on an infinite value
     * @throws NullPointerException     when values is null
     */
    public static DescriptiveSummary of(double[] values) {
        Objects.requireNonNull(values, "values");
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).toArray();
        for (double d : v) {
            if (Double.isInfinite(d)) {
                throw new IllegalArgumentException("values must be finite (NaN = missing); got " + d);
            }
        }
        int n = v.length;
        int missing = values.length - n;
        if (n == 0) {
            return new DescriptiveSummary(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        // Two-pass mean and sum of squares: exact enough for 1e-15 relative on registry-sized data.
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        double mean = sum / n;
        double corr = 0;
        for (double d : v) {
            corr += d - mean;
        }
        mean += corr / n;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double sd = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
        Arrays.sort(v);
        return new DescriptiveSummary(n, missing, mean, sd, quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75),
                v[0], v[n - 1]);
    }

    /** R's type 7 quantile of sorted values: linear interpolation at h = (n - 1) p. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
