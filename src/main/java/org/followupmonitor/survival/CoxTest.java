package org.followupmonitor.survival;

/**
 * A global chi-square test of a Cox model (likelihood-ratio, Wald or score), as R prints below
 * {@code summary(coxph)}.
 *
 * @param statistic chi-square statistic (&gt;= 0 up to rounding)
 * @param df        degrees of freedom (the number of coefficients)
 * @param p         upper-tail p-value, {@code Gamma.regularizedGammaQ(df/2, statistic/2)}
 */
public record CoxTest(double statistic, int df, double p) {
    public CoxTest {
        if (df < 1) {
            throw new IllegalArgumentException("df must be >= 1; got " + df);
        }
    }

    static CoxTest of(double statistic, int df) {
        double p = statistic <= 0 ? 1.0
                : org.apache.commons.math3.special.Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
        return new CoxTest(statistic, df, p);
    }
}
