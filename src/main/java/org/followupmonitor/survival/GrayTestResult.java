package org.followupmonitor.survival;

import java.util.Arrays;

/**
 * Gray's test for one cause, a row of {@code cmprsk::cuminc(...)$Tests} with the parts that produced it.
 *
 * @param cause the cause tested, {@code 1..k}
 * @param chiSquare s' V^-1 s, or NaN where cuminc gives no number (fewer than two groups with subjects;
 *     a singular variance, where cuminc prints -1)
 * @param df number of groups with subjects minus 1 (0 when fewer than two)
 * @param pValue upper chi-square tail on df, or NaN with the statistic
 * @param groups the group codes compared (those with subjects), ascending
 * @param score scores of the first {@code groups.length - 1} groups, summed over strata
 * @param variance their variance matrix, summed over strata
 */
public record GrayTestResult(int cause, double chiSquare, int df, double pValue, int[] groups, double[] score,
        double[][] variance) {

    /** @throws IllegalArgumentException if df is negative or an array is null */
    public GrayTestResult {
        if (df < 0 || groups == null || score == null || variance == null) {
            throw new IllegalArgumentException("GrayTestResult needs df >= 0 and non-null parts");
        }
        groups = groups.clone();
        score = score.clone();
        double[][] v = new double[variance.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = variance[i].clone();
        }
        variance = v;
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public double[] score() {
        return score.clone();
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
        return o instanceof GrayTestResult r && cause == r.cause && Double.compare(chiSquare, r.chiSquare) == 0
                && df == r.df && Double.compare(pValue, r.pValue) == 0 && Arrays.equals(groups, r.groups)
                && Arrays.equals(score, r.score) && Arrays.deepEquals(variance, r.variance);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {cause, chiSquare, df, pValue, Arrays.hashCode(groups),
            Arrays.hashCode(score), Arrays.deepHashCode(variance)});
    }

    @Override
    public String toString() {
        return "GrayTestResult[cause=" + cause + ", chiSquare=" + chiSquare + ", df=" + df + ", pValue=" + pValue
                + "]";
    }
}
