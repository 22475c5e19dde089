package org.followupmonitor.survival;

/**
 * The Kaplan-Meier estimator, as R's {@code survfit(Surv(time, status) ~ 1)}. One implementation,
 * from a {@link RiskTable}; the raw-array entry points only aggregate first.
 */
public final class KaplanMeier {

    private KaplanMeier() {
    }

    /**
     * Fits the curve from an aggregated table.
     *
     * <p>S(t) = prod over event times t_i <= t of (1 - d_i / n_i); the stored standard error is
     * Greenwood's for -log S, sqrt(sum d_i / (n_i (n_i - d_i))), infinite once n_i = d_i (Klein &amp;
     * Moeschberger, 2nd ed., eq. 4.2.2). The cumulative hazard is Nelson-Aalen, sum d_i / n_i, with
     * variance sum d_i / n_i^2 (ibid. eq. 4.2.3-4.2.4), as R stores {@code cumhaz} and
     * {@code std.chaz}.
     *
     * <p>Case weights enter as weighted counts. For integer (frequency) weights this is exactly R;
     * for non-integer weights R switches to the infinitesimal-jackknife (robust) variance, which is
     * not implemented here: the point estimates still equal R's, the standard errors and intervals
     * stay Greenwood's on the weighted counts.
     *
     * @param table the aggregated data (may be empty: the fit is then empty)
     * @return the fit, one row per distinct time (event or censoring) as R keeps them
     * @throws IllegalArgumentException if table is null
     */
    public static KaplanMeierFit fit(RiskTable table) {
        if (table == null) {
            throw new IllegalArgumentException("table must not be null");
        }
        int m = table.size();
        double[] surv = new double[m];
        double[] se = new double[m];
        double[] haz = new double[m];
        double[] varHaz = new double[m];
        double s = 1;
        double greenwood = 0;
        double h = 0;
        double vh = 0;
        for (int i = 0; i < m; i++) {
            double n = table.n(i);
            double d = table.d(i);
            if (d > 0) {
                s *= (n - d) / n;
                // d / 0 = +Inf when everyone at risk dies: R stores std.err = Inf there.
                greenwood += d / (n * (n - d));
                h += d / n;
                vh += d / (n * n);
            }
            surv[i] = s;
            se[i] = Math.sqrt(greenwood);
            haz[i] = h;
            varHaz[i] = vh;
        }
        return new KaplanMeierFit(table.times(), table.atRisk(), table.events(), table.censored(), surv, se, haz,
                varHaz);
    }

    /**
     * Aggregates and fits unweighted observations.
     *
     * @throws IllegalArgumentException as {@link RiskTable#of(double[], boolean[], double[])}
     */
    public static KaplanMeierFit fit(double[] time, boolean[] event) {
        return fit(RiskTable.of(time, event));
    }

    /**
     * Aggregates and fits observations with case weights.
     *
     * @param weight finite positive weights, or null for all 1
     * @throws IllegalArgumentException as {@link RiskTable#of(double[], boolean[], double[])}
     */
    public static KaplanMeierFit fit(double[] time, boolean[] event, double[] weight) {
        return fit(RiskTable.of(time, event, weight));
    }
}
