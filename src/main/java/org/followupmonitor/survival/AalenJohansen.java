package org.followupmonitor.survival;

/**
 * The Aalen-Johansen estimator of competing risks, as R's {@code survfit(Surv(time, factor(status)) ~ 1)}
 * with the censoring code as the factor's first level: every subject starts event-free (state 0) and
 * leaves it at its first event, of cause {@code 1..k}. One implementation, from a
 * {@link CompetingRiskTable}, in O(distinct times x causes).
 *
 * <p>Estimates (Aalen &amp; Johansen 1978; R's {@code survfitci.c}): at each time with d = sum d_c events among
 * n at risk, the event-free probability p_0 becomes p_0 (1 - d/n) and the incidence of cause c becomes
 * p_c + p_0 d_c / n, p_0 taken before the step. p_0 equals the Kaplan-Meier curve of the first event of any
 * cause, and with a single cause p_1 = 1 - Kaplan-Meier.
 *
 * <p>Standard errors are R's for multi-state curves: the infinitesimal jackknife (survfit's only variance
 * for multi-state data, robust = TRUE; Therneau, "The survfit function", sec. on the Aalen-Johansen
 * estimate). R keeps one influence vector U_i per subject (one entry per state) and updates all of them
 * at every event time: U_i := U_i H, then, for the n subjects still at risk, U_i -= h p_0/n and
 * U_i[state after the step] += p_0/n, where H is the transition matrix of the step and h its first row;
 * the variance of state j is sum_i U_i[j]^2. Its cost is O(subjects x times).
 *
 * <p>Here the same sums come from counts. All subjects still at risk share one influence vector a, and
 * the second moments of the subjects who have left (M_00, M_0c, M_cc) transform under U := U H in closed
 * form (M := H' M H; only these entries are needed because H's rows past the first are the identity). At
 * each event time the at-risk subjects split into n - d survivors (a' = aH - h p_0/n + e_0 p_0/n) and d_c
 * leavers of cause c (aH - h p_0/n + e_c p_0/n); the variance is the leavers' and survivors' squares added
 * to M, and the leavers and the censored then join M. That is O(states) per time, bit-for-bit independent
 * of how subjects are ordered, and equal to R's per-subject sum up to rounding: the expanded squares
 * (M_cc + 2 h_c M_0c + h_c^2 M_00) lose digits only when a step removes most of those at risk, and a
 * variance that is exactly 0 (every subject had the same cause) may come out as about 1e-9 instead of R's
 * 1e-17.
 */
public final class AalenJohansen {

    private AalenJohansen() {
    }

    /**
     * Fits the event-free state and the cumulative incidence of every cause.
     *
     * @param table the aggregated data (may be empty: the fit is then empty)
     * @return the fit, one row per distinct time (event or censoring) as R keeps them
     * @throws IllegalArgumentException if table is null
     */
    public static AalenJohansenFit fit(CompetingRiskTable table) {
        if (table == null) {
            throw new IllegalArgumentException("table must not be null");
        }
        int k = table.causeCount();
        int m = table.size();
        double[][] pstate = new double[k + 1][m];
        double[][] se = new double[k + 1][m];
        double[][] nEvent = new double[k + 1][];
        nEvent[0] = new double[m];
        for (int c = 1; c <= k; c++) {
            nEvent[c] = table.events(c);
        }
        double[] p = new double[k + 1];
        p[0] = 1;
        // Influence shared by every subject still at risk, and second moments of those who left.
        double[] a = new double[k + 1];
        double m00 = 0;
        double[] m0c = new double[k + 1];
        double[] mcc = new double[k + 1];
        double[] var = new double[k + 1];
        double[] h = new double[k + 1];
        double[] base = new double[k + 1];
        for (int i = 0; i < m; i++) {
            double n = table.n(i);
            double d = table.eventsAt(i);
            double cens = table.c(i);
            if (d > 0) {
                // Transition matrix of the step, first row (survfitci.c: hmat[0][.] = events/n, 1 - total/n).
                h[0] = 1 - d / n;
                for (int c = 1; c <= k; c++) {
                    h[c] = table.d(c, i) / n;
                }
                double q = p[0] / n;
                // Leavers so far: U := U H.
                for (int c = 1; c <= k; c++) {
                    mcc[c] = mcc[c] + 2 * h[c] * m0c[c] + h[c] * h[c] * m00;
                    m0c[c] = h[0] * (m0c[c] + h[c] * m00);
                }
                m00 = h[0] * h[0] * m00;
                // At risk: U := U H - h p0/n; survivors then add p0/n to state 0, leavers of cause c to state c.
                for (int c = 1; c <= k; c++) {
                    a[c] = a[c] + h[c] * a[0];
                    base[c] = a[c] - h[c] * q;
                }
                a[0] = h[0] * a[0];
                base[0] = a[0] - h[0] * q;
                double s0 = base[0] + q;
                double survivors = n - d;
                var[0] = m00 + survivors * s0 * s0 + d * base[0] * base[0];
                for (int c = 1; c <= k; c++) {
                    double dc = table.d(c, i);
                    double leave = base[c] + q;
                    var[c] = mcc[c] + (n - dc) * base[c] * base[c] + dc * leave * leave;
                    // The censored (influence s) and the leavers join the second moments.
                    m0c[c] += cens * s0 * base[c] + (d - dc) * base[0] * base[c] + dc * base[0] * leave;
                    mcc[c] += (cens + d - dc) * base[c] * base[c] + dc * leave * leave;
                }
                m00 += cens * s0 * s0 + d * base[0] * base[0];
                a[0] = s0;
                for (int c = 1; c <= k; c++) {
                    a[c] = base[c];
                }
                // survfitci.c: p_j := sum_k p_k H[k][j], p taken before the step.
                double p0 = p[0];
                for (int c = 1; c <= k; c++) {
                    p[c] = p0 * h[c] + p[c];
                }
                p[0] = p0 * h[0];
            } else if (cens > 0) {
                // No event: nobody's influence changes; the censored leave with the shared vector.
                m00 += cens * a[0] * a[0];
                for (int c = 1; c <= k; c++) {
                    m0c[c] += cens * a[0] * a[c];
                    mcc[c] += cens * a[c] * a[c];
                }
            }
            for (int s = 0; s <= k; s++) {
                pstate[s][i] = p[s];
                // A variance that is exactly 0 (a cause every subject has had, so its incidence is 1) can come
                // out a few ulps below 0 from the expanded squares; it is 0.
                se[s][i] = Math.sqrt(Math.max(var[s], 0));
            }
        }
        return new AalenJohansenFit(table.times(), table.atRisk(), nEvent, table.censored(), pstate, se);
    }

    /**
     * Aggregates and fits subject rows.
     *
     * @param causeCount number of causes k
     * @param time finite observation times
     * @param status 0 censored, {@code 1..k} the cause of the first event
     * @throws IllegalArgumentException as {@link CompetingRiskTables#of(int, int, int, double[], int[], int[],
     *     int[])}
     */
    public static AalenJohansenFit fit(int causeCount, double[] time, int[] status) {
        return fit(CompetingRiskTables.of(1, 1, causeCount, time, status, null, null).cell(0, 0));
    }
}
