package org.followupmonitor.survival;

import java.util.Objects;

/**
 * One row of R's {@code summary(coxph)} coefficient table.
 *
 * <p>An aliased term (its column is a linear combination of earlier columns among the rows used, so the data
 * cannot estimate it) has every number NaN, as R prints {@code NA} for it; see {@link #aliased()}.
 *
 * @param name        term name (e.g. {@code "age"}, {@code "grade1"})
 * @param coef        log hazard ratio; NaN for an aliased term
 * @param se          standard error, sqrt of the diagonal of the inverse information; NaN (with z, p and the
 *                    limits) when the information matrix became singular at the fit (the fit then carries
 *                    {@code converged == false} and a warning)
 * @param hazardRatio exp(coef)
 * @param lower       lower confidence limit exp(coef - z se) at the fit's level
 * @param upper       upper confidence limit exp(coef + z se)
 * @param z           Wald z = coef / se
 * @param p           two-sided Wald p-value, from the upper normal tail (erfc)
 * @param robustSe    with clusters, R's "robust se" (sandwich); z, p and the limits then use it, as
 *                    {@code summary(coxph)} does; NaN without clusters
 */
public record CoxTerm(String name, double coef, double se, double hazardRatio, double lower, double upper, double z,
        double p, double robustSe) {
    public CoxTerm {
        Objects.requireNonNull(name, "name");
    }

    /** A term of a fit without clusters (model-based variance only). */
    public CoxTerm(String name, double coef, double se, double hazardRatio, double lower, double upper, double z,
            double p) {
        this(name, coef, se, hazardRatio, lower, upper, z, p, Double.NaN);
    }

    /** An aliased term: R's {@code NA} coefficient ({@code coxph} with {@code singular.ok = TRUE}). */
    public static CoxTerm aliased(String name) {
        return new CoxTerm(name, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** True when the data cannot estimate this term (R's {@code NA} coefficient). */
    public boolean aliased() {
        return Double.isNaN(coef);
    }
}
