package org.followupmonitor.survival;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson's chi-square test of independence in an r x c table without continuity correction, as R's
 * {@code chisq.test(x, correct = FALSE)}: X^2 = sum (O - E)^2 / E with E = row total x column total / N,
 * df = (r - 1)(c - 1), p from the upper chi-square tail.
 *
 * <p>All-zero rows and columns are dropped first (R would return NaN); when fewer than two rows or columns
 * remain the test is undefined: statistic and p are NaN and df is 0.
 *
 * @param statistic                  X^2, or NaN when undefined
 * @param df                         degrees of freedom, 0 when undefined
 * @param p                          upper-tail p, {@code Gamma.regularizedGammaQ(df/2, X^2/2)}, or NaN
 * @param approximationMayBeIncorrect true when some expected count is below 5 (R warns "Chi-squared
 *                                   approximation may be incorrect"; consider {@link FisherExactTest})
 */
public record ChiSquareTest(double statistic, int df, double p, boolean approximationMayBeIncorrect) {

    public ChiSquareTest {
        if (df < 0) {
            throw new IllegalArgumentException("df must be >= 0; got " + df);
        }
    }

    /**
     * Pearson's test on the table.
     *
     * @throws IllegalArgumentException when the table has no observations
     */
    public static ChiSquareTest pearson(ContingencyTable table) {
        if (table.total() == 0) {
            throw new IllegalArgumentException("the table has no observations");
        }
        ContingencyTable t = table.withoutEmptyMargins();
        int r = t.rows();
        int c = t.columns();
        if (r < 2 || c < 2) {
            return new ChiSquareTest(Double.NaN, 0, Double.NaN, false);
        }
        double n = t.total();
        double[] rs = new double[r];
        double[] cs = new double[c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                rs[i] += t.count(i, j);
                cs[j] += t.count(i, j);
            }
        }
        double x2 = 0;
        boolean small = false;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double e = rs[i] * cs[j] / n;
                double d = t.count(i, j) - e;
                x2 += d * d / e;
                small |= e < 5;
            }
        }
        int df = (r - 1) * (c - 1);
        return new ChiSquareTest(x2, df, Gamma.regularizedGammaQ(df / 2.0, x2 / 2.0), small);
    }
}
