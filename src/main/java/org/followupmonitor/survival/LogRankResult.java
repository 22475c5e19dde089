package org.followupmonitor.survival;

import java.util.Arrays;

/**
 * A (stratified, k-group, Fleming-Harrington) log-rank test, laid out as R's {@code survdiff}
 * object. Per-group arrays are indexed by group code and summed over strata.
 *
 * @param rho Fleming-Harrington rho (0 log-rank, 1 Peto-Peto)
 * @param n (weighted) number of subjects per group
 * @param observed weighted observed events per group, sum w d_k
 * @param expected weighted expected events per group, sum w d n_k / n
 * @param variance k x k variance matrix of observed - expected
 * @param chiSquare the statistic; NaN when fewer than two groups have expected events > 0, or when the variance
 *     of O - E is singular (R's survdiff then stops: "system is exactly singular")
 * @param degreesOfFreedom groups with expected > 0, minus one (0 when fewer than two such groups); kept when the
 *     variance is singular, since it describes the comparison, not the number
 * @param pValue upper-tail chi-square p-value; NaN when chiSquare is NaN
 */
public record LogRankResult(double rho, double[] n, double[] observed, double[] expected, double[][] variance,
        double chiSquare, int degreesOfFreedom, double pValue) {

    /** @throws IllegalArgumentException if arrays are null or not all of one group count */
    public LogRankResult {
        if (n == null || observed == null || expected == null || variance == null) {
            throw new IllegalArgumentException("LogRankResult arrays must not be null");
        }
        int k = n.length;
        if (observed.length != k || expected.length != k || variance.length != k) {
            throw new IllegalArgumentException("LogRankResult arrays must all have one entry per group");
        }
        double[][] v = new double[k][];
        for (int i = 0; i < k; i++) {
            if (variance[i] == null || variance[i].length != k) {
                throw new IllegalArgumentException("variance must be a " + k + " x " + k + " matrix");
            }
            v[i] = variance[i].clone();
        }
        if (degreesOfFreedom < 0) {
            throw new IllegalArgumentException("degreesOfFreedom must be >= 0, got " + degreesOfFreedom);
        }
        n = n.clone();
        observed = observed.clone();
        expected = expected.clone();
        variance = v;
    }

    /** @return the number of groups */
    public int groupCount() {
        return n.length;
    }

    @Override
    public double[] n() {
        return n.clone();
    }

    @Override
    public double[] observed() {
        return observed.clone();
    }

    @Override
    public double[] expected() {
        return expected.clone();
    }

    @Override
    public double[][] variance() {
        double[][] v = new double[variance.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = variance[i].clone();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRankResult r && Double.compare(rho, r.rho) == 0 && Arrays.equals(n, r.n)
                && Arrays.equals(observed, r.observed) && Arrays.equals(expected, r.expected)
                && Arrays.deepEquals(variance, r.variance) && Double.compare(chiSquare, r.chiSquare) == 0
                && degreesOfFreedom == r.degreesOfFreedom && Double.compare(pValue, r.pValue) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Double.hashCode(rho), Arrays.hashCode(n), Arrays.hashCode(observed),
            Arrays.hashCode(expected), Arrays.deepHashCode(variance), Double.hashCode(chiSquare), degreesOfFreedom,
            Double.hashCode(pValue)});
    }

    @Override
    public String toString() {
        return "LogRankResult[rho=" + rho + ", observed=" + Arrays.toString(observed) + ", expected="
                + Arrays.toString(expected) + ", chiSquare=" + chiSquare + ", df=" + degreesOfFreedom + ", p="
                + pValue + "]";
    }
}
