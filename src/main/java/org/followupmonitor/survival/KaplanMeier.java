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
        return fit(table.times(), table.atRisk(), table.events(), table.censored());
    }

    /**
     * The curve of (start, stop] rows, as R's {@code survfit(Surv(start, stop, event) ~ 1)}: one row per distinct stop
     * time (event or censoring), the number at risk there being the rows with start &lt; t &lt;= stop, so a row that
     * enters late (a patient who joins a group at a change of exposure: the Simon-Makuch curve) counts only from its
     * entry. Rows without an event at their stop count as censored there, as R counts them. Unweighted.
     *
     * @param start entry times, or null for right-censored rows (everyone at risk from the beginning)
     * @param stop  stop times, finite, each after its start
     * @param event event at stop
     * @return the fit (empty without rows)
     * @throws IllegalArgumentException on a length mismatch, a non-finite time or a start not before its stop
     */
    public static KaplanMeierFit fitCounting(double[] start, double[] stop, boolean[] event) {
        if (stop == null || event == null || event.length != stop.length
                || (start != null && start.length != stop.length)) {
            throw new IllegalArgumentException("start (when given), stop and event must have one entry per row");
        }
        int n = stop.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(stop[i]) || (start != null && (!Double.isFinite(start[i]) || !(start[i] < stop[i])))) {
                throw new IllegalArgumentException("row " + i + ": times must be finite and start before stop");
            }
        }
        double[] stops = stop.clone();
        java.util.Arrays.sort(stops);
        double[] starts = start == null ? null : start.clone();
        if (starts != null) {
            java.util.Arrays.sort(starts);
        }
        int[] asc = CoxIndexSort.ascending(stop);
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        int q = 0;
        int stopsBefore = 0;
        int startsBefore = 0;
        while (q < n) {
            double t = stop[asc[q]];
            double d = 0;
            double c = 0;
            while (q < n && stop[asc[q]] == t) {
                if (event[asc[q]]) {
                    d++;
                } else {
                    c++;
                }
                q++;
            }
            while (stopsBefore < n && stops[stopsBefore] < t) {
                stopsBefore++;
            }
            if (starts == null) {
                startsBefore = n;
            } else {
                while (startsBefore < n && starts[startsBefore] < t) {
                    startsBefore++;
                }
            }
            rows.add(new double[] {t, startsBefore - stopsBefore, d, c});
        }
        int m = rows.size();
        double[][] cols = new double[4][m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 4; k++) {
                cols[k][i] = rows.get(i)[k];
            }
        }
        return fit(cols[0], cols[1], cols[2], cols[3]);
    }

    /** Kaplan-Meier, Greenwood and Nelson-Aalen from the per-time counts. */
    private static KaplanMeierFit fit(double[] times, double[] atRisk, double[] events, double[] censored) {
        int m = times.length;
        double[] surv = new double[m];
        double[] se = new double[m];
        double[] haz = new double[m];
        double[] varHaz = new double[m];
        double s = 1;
        double greenwood = 0;
        double h = 0;
        double vh = 0;
        for (int i = 0; i < m; i++) {
            double n = atRisk[i];
            double d = events[i];
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
        return new KaplanMeierFit(times, atRisk, events, censored, surv, se, haz, varHaz);
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
