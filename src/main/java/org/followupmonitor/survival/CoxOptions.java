package org.followupmonitor.survival;

import java.util.Objects;

/**
 * Fitting controls for {@link CoxRegression}, named and defaulted as R's {@code coxph.control}.
 *
 * @param ties             handling of tied event times
 * @param confidenceLevel  level of the hazard-ratio confidence intervals, in (0, 1)
 * @param eps              convergence: stop when |1 - l_old / l_new| &lt;= eps (R: 1e-9)
 * @param tolerChol        pivots below this relative size are treated as zero (R: machine epsilon^0.75,
 *                         about 1.8e-12; note: not the convergence eps)
 * @param tolerInf         relative size of the one-step change that flags a coefficient as possibly
 *                         infinite (R: sqrt(eps))
 * @param iterMax          maximum Newton-Raphson iterations (R: 20)
 */
public record CoxOptions(CoxTies ties, double confidenceLevel, double eps, double tolerChol, double tolerInf,
        int iterMax) {

    /** R's default convergence tolerance. */
    public static final double DEFAULT_EPS = 1e-9;
    /** R's default iteration limit. */
    public static final int DEFAULT_ITER_MAX = 20;

    public CoxOptions {
        Objects.requireNonNull(ties, "ties must be EFRON or BRESLOW");
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), e.g. 0.95; got " + confidenceLevel);
        }
        if (!(eps > 0 && eps < 1)) {
            throw new IllegalArgumentException("eps must lie in (0, 1), e.g. 1e-9; got " + eps);
        }
        if (!(tolerChol > 0 && tolerChol < 1)) {
            throw new IllegalArgumentException("tolerChol must lie in (0, 1), e.g. 1.8e-12; got " + tolerChol);
        }
        if (!(tolerInf > 0)) {
            throw new IllegalArgumentException("tolerInf must be positive, e.g. sqrt(eps); got " + tolerInf);
        }
        if (iterMax < 1) {
            throw new IllegalArgumentException("iterMax must be at least 1, e.g. 20; got " + iterMax);
        }
    }

    /** R's {@code coxph.control} pivot tolerance, {@code .Machine$double.eps^0.75}. */
    public static final double DEFAULT_TOLER_CHOL = Math.pow(Math.ulp(1.0), 0.75);

    /**
     * R's defaults: Efron ties, 95% intervals, eps 1e-9, toler.chol = machine eps^0.75, toler.inf = sqrt(eps),
     * 20 iterations.
     */
    public static CoxOptions defaults() {
        return withTies(CoxTies.EFRON);
    }

    /** R's defaults with the given tie handling. */
    public static CoxOptions withTies(CoxTies ties) {
        return new CoxOptions(ties, 0.95, DEFAULT_EPS, DEFAULT_TOLER_CHOL, Math.sqrt(DEFAULT_EPS),
                DEFAULT_ITER_MAX);
    }

    /** A copy with another confidence level for the hazard-ratio intervals. */
    public CoxOptions withConfidenceLevel(double level) {
        return new CoxOptions(ties, level, eps, tolerChol, tolerInf, iterMax);
    }

    /** A copy with another iteration limit. */
    public CoxOptions withIterMax(int max) {
        return new CoxOptions(ties, confidenceLevel, eps, tolerChol, tolerInf, max);
    }
}
