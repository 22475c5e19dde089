package org.followupmonitor.survival;

/**
 * Sorted, centred and scaled Cox data with the per-iteration accumulation of the score {@code u} and information
 * {@code imat} at a beta (in scaled units): {@code CoxRegression.Engine} for plain right-censored data (coxfit6),
 * {@link CoxGeneralAccumulation} for (start, stop] rows, strata or clusters (agfit4, coxfit6 with strata).
 */
abstract class CoxAccumulation {
    int n;
    int p;
    int events;
    double[] means;
    double[] scale;
    double[] u;
    double[][] imat;

    /** Log partial likelihood at beta (scaled units); fills {@code u} and {@code imat}. */
    abstract double iterate(double[] beta);

    /** Linear predictor sum_k coef_k (x_k - mean_k) in the caller's row order (R's fit$linear.predictors). */
    abstract double[] linearPredictorOriginalOrder(double[] coef, CoxInput data);

    /** R's concordance of the fit's linear predictor. */
    abstract Concordance concordance(double[] lp);
}
