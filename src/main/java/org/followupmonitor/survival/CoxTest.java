package org.followupmonitor.survival;

/**
 * A global chi-square test of a Cox model (likelihood-ratio, Wald or score), as R prints below
 * {@code summary(coxph)}.
 *
 * @param statistic chi-square statistic (&gt;= 0 up to rounding); NaN when df is 0
 * @param df        degrees of freedom: the number of estimated (not aliased) coefficients, as R's
 *                  {@code summary.coxph}; 0 when every term is aliased, and then there is nothing to test
 * @param p         upper-tail p-value, {@code Gamma.regularizedGammaQ(df/2, statistic/2)}; NaN when df is 0
 */
public record CoxTest(double statistic, int df, double p) {
    public CoxTest {
        if (df < 0) {
            throw new IllegalArgumentException("df must be >= 0; got " + df);
        }
    }

    static CoxTest of(double statistic, int df) {
        if (df == 0) {
            // R prints "0 on 0 df" and a p of pchisq(0, 0): no coefficient, no test.
            return new CoxTest(Double.NaN, 0, Double.NaN);
        }
        double p = statistic <= 0 ? 1.0
                : org.apache.commons.math3.special.Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
        return new CoxTest(statistic, df, p);
    }
}
