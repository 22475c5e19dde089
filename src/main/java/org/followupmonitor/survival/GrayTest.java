package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * Gray's test of equal cumulative incidence of one cause across k groups, stratified, as
 * {@code cmprsk::cuminc(ftime, fstatus, group, strata, rho, cencode = 0)$Tests} (Gray 1988, Ann. Stat.
 * 16:1141-1154; the score and variance are those of cmprsk's Fortran routine {@code crst}).
 *
 * <p>Per stratum, time by time, the statistic needs only each group's number at risk and its numbers of
 * events of the cause, of other causes and of censorings: the group's left-continuous Kaplan-Meier of any
 * event and cumulative incidence, the pooled cumulative incidence, and running sums built from them. So it
 * is computed exactly from {@link CompetingRiskTables} in O(distinct times x groups^2) per stratum, with
 * no subject rows. Scores and variances are summed over strata; the statistic is s' V^-1 s on the first
 * k - 1 groups' scores with df = k - 1, k the number of groups with any subject (cuminc drops empty
 * groups).
 *
 * <p>cmprsk takes times as they are, while the tables apply R's {@code timefix}; with whole-day times both
 * are the same.
 */
public final class GrayTest {

    /** R's default tolerance of {@code qr()}, below which cuminc declares the variance singular. */
    static final double QR_TOLERANCE = 1e-7;

    private GrayTest() {
    }

    /**
     * Gray's test with rho = 0 (cuminc's default).
     *
     * @see #test(CompetingRiskTables, int, double)
     */
    public static GrayTestResult test(CompetingRiskTables tables, int cause) {
        return test(tables, cause, 0);
    }

    /**
     * Gray's test for every cause with at least one event, in cause order, rho = 0: the rows of cuminc's
     * {@code $Tests}. Empty when fewer than two groups have subjects (cuminc then has no {@code $Tests}).
     *
     * @throws IllegalArgumentException if tables is null
     */
    public static List<GrayTestResult> testAll(CompetingRiskTables tables) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must not be null");
        }
        List<GrayTestResult> out = new ArrayList<>();
        if (usedGroups(tables).length < 2) {
            return out;
        }
        CompetingRiskTable pooled = tables.pooled();
        for (int c = 1; c <= tables.causeCount(); c++) {
            if (pooled.totalEvents(c) > 0) {
                out.add(test(tables, c, 0));
            }
        }
        return out;
    }

    /**
     * Gray's test of the cumulative incidence of {@code cause} across groups, within strata.
     *
     * @param tables the cohort's tables; groups without any subject are left out
     * @param cause the cause of interest, {@code 1..k}; the other causes are the competing events
     * @param rho power of the weight (1 - F(t-))^rho, F the pooled incidence of the cause
     * @return the test; statistic and p are NaN where cuminc gives no number: fewer than two groups with
     *     subjects (no {@code $Tests}), a singular variance (cuminc's statistic -1 with p 1), or a variance
     *     that is not finite (in a small stratum the pooled incidence Gray's weights use can reach 1 while a
     *     group is still at risk, dividing by 1 - F = 0; cuminc then stops with an error in {@code qr()})
     * @throws IllegalArgumentException if tables is null, the cause is out of range or rho is not finite
     */
    public static GrayTestResult test(CompetingRiskTables tables, int cause, double rho) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must not be null");
        }
        if (cause < 1 || cause > tables.causeCount()) {
            throw new IllegalArgumentException("cause must be in [1, " + tables.causeCount() + "], got " + cause);
        }
        if (!Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be finite, got " + rho);
        }
        int[] groups = usedGroups(tables);
        int ng = groups.length;
        if (ng < 2) {
            return new GrayTestResult(cause, Double.NaN, Math.max(ng - 1, 0), Double.NaN, groups, new double[0],
                    new double[0][0]);
        }
        int ng1 = ng - 1;
        double[] score = new double[ng1];
        double[][] variance = new double[ng1][ng1];
        for (int s = 0; s < tables.strataCount(); s++) {
            CompetingRiskTable[] cells = new CompetingRiskTable[ng];
            for (int g = 0; g < ng; g++) {
                cells[g] = tables.cell(groups[g], s);
            }
            stratum(cells, cause, rho, score, variance);
        }
        double chi = quadraticForm(score, variance);
        double p = Double.isNaN(chi) ? Double.NaN : Gamma.regularizedGammaQ(ng1 / 2.0, chi / 2.0);
        return new GrayTestResult(cause, chi, ng1, p, groups, score, variance);
    }

    /** Group codes with at least one subject in some stratum, ascending. */
    private static int[] usedGroups(CompetingRiskTables tables) {
        int[] tmp = new int[tables.groupCount()];
        int ng = 0;
        for (int g = 0; g < tables.groupCount(); g++) {
            for (int s = 0; s < tables.strataCount(); s++) {
                if (!tables.cell(g, s).isEmpty()) {
                    tmp[ng++] = g;
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(tmp, ng);
    }

    /**
     * One stratum's contribution (cmprsk's {@code crst}), added into score and variance (lower triangle
     * filled symmetric at the end). Notation follows Gray (1988) and the Fortran: rs at risk, skmm/skm the
     * left/right-continuous Kaplan-Meier of any event, f1m/f1 the group's left/right-continuous incidence,
     * fm/f the pooled incidence, a and c the per-time and accumulated weight matrices.
     */
    private static void stratum(CompetingRiskTable[] cells, int cause, double rho, double[] score,
            double[][] variance) {
        int ng = cells.length;
        int ng1 = ng - 1;
        double[] rs = new double[ng];
        double[] f1m = new double[ng];
        double[] f1 = new double[ng];
        double[] skmm = new double[ng];
        double[] skm = new double[ng];
        double[] v3 = new double[ng];
        double[][] v2 = new double[ng1][ng];
        double[][] c = new double[ng][ng];
        double[][] a = new double[ng][ng];
        double[][] v = new double[ng1][ng1];
        double[] s = new double[ng1];
        double[] d0 = new double[ng];
        double[] d1 = new double[ng];
        double[] d2 = new double[ng];
        int[] next = new int[ng];
        for (int g = 0; g < ng; g++) {
            rs[g] = cells[g].total();
            skmm[g] = 1;
            skm[g] = 1;
        }
        double fm = 0;
        double f = 0;
        while (true) {
            // The next distinct time of the stratum, and each group's counts there.
            double t = Double.POSITIVE_INFINITY;
            for (int g = 0; g < ng; g++) {
                if (next[g] < cells[g].size()) {
                    t = Math.min(t, cells[g].t(next[g]));
                }
            }
            if (t == Double.POSITIVE_INFINITY) {
                break;
            }
            double nd1 = 0;
            double nd2 = 0;
            for (int g = 0; g < ng; g++) {
                d0[g] = 0;
                d1[g] = 0;
                d2[g] = 0;
                CompetingRiskTable cell = cells[g];
                int i = next[g];
                if (i < cell.size() && cell.t(i) == t) {
                    d0[g] = cell.c(i);
                    d1[g] = cell.d(cause, i);
                    d2[g] = cell.eventsAt(i) - d1[g];
                    next[g]++;
                }
                nd1 += d1[g];
                nd2 += d2[g];
            }
            if (nd1 > 0 || nd2 > 0) {
                double tr = 0;
                double tq = 0;
                for (int g = 0; g < ng; g++) {
                    if (rs[g] <= 0) {
                        continue;
                    }
                    double td = d1[g] + d2[g];
                    skm[g] = skmm[g] * (rs[g] - td) / rs[g];
                    f1[g] = f1m[g] + (skmm[g] * d1[g]) / rs[g];
                    // In the paper's notation tr = sum_r h_r, tq = sum_r R_r.
                    tr += rs[g] / skmm[g];
                    tq += rs[g] * (1 - f1m[g]) / skmm[g];
                }
                f = fm + nd1 / tr;
                double fb = rho == 0 ? 1 : Math.pow(1 - fm, rho); // x^0 = 1 for every x, as Fortran's x**0.0
                for (int i = 0; i < ng; i++) {
                    for (int j = i; j < ng; j++) {
                        a[i][j] = 0;
                    }
                    if (rs[i] <= 0) {
                        continue;
                    }
                    double t1 = rs[i] / skmm[i];
                    a[i][i] = fb * t1 * (1 - t1 / tr);
                    c[i][i] += a[i][i] * nd1 / (tr * (1 - fm));
                    for (int j = i + 1; j < ng; j++) {
                        if (rs[j] <= 0) {
                            continue;
                        }
                        a[i][j] = -fb * t1 * rs[j] / (skmm[j] * tr);
                        c[i][j] += a[i][j] * nd1 / (tr * (1 - fm));
                    }
                }
                for (int i = 1; i < ng; i++) {
                    for (int j = 0; j < i; j++) {
                        a[i][j] = a[j][i];
                        c[i][j] = c[j][i];
                    }
                }
                for (int i = 0; i < ng1; i++) {
                    if (rs[i] > 0) {
                        s[i] += fb * (d1[i] - nd1 * rs[i] * (1 - f1m[i]) / (skmm[i] * tq));
                    }
                }
                if (nd1 > 0) {
                    for (int k = 0; k < ng; k++) {
                        if (rs[k] <= 0) {
                            continue;
                        }
                        double t4 = 1;
                        if (skm[k] > 0) {
                            t4 = 1 - (1 - f) / skm[k];
                        }
                        double t5 = 1;
                        if (nd1 > 1) {
                            t5 = 1 - (nd1 - 1) / (tr * skmm[k] - 1);
                        }
                        double t3 = t5 * skmm[k] * nd1 / (tr * rs[k]);
                        v3[k] += t4 * t4 * t3;
                        for (int i = 0; i < ng1; i++) {
                            double t1 = a[i][k] - t4 * c[i][k];
                            v2[i][k] += t1 * t4 * t3;
                            for (int j = 0; j <= i; j++) {
                                double t2 = a[j][k] - t4 * c[j][k];
                                v[i][j] += t1 * t2 * t3;
                            }
                        }
                    }
                }
                if (nd2 > 0) {
                    for (int k = 0; k < ng; k++) {
                        if (skm[k] <= 0 || d2[k] <= 0) {
                            continue;
                        }
                        double t4 = (1 - f) / skm[k];
                        double t5 = 1;
                        if (d2[k] > 1) {
                            t5 = 1 - (d2[k] - 1) / (rs[k] - 1);
                        }
                        double t3 = t5 * ((skmm[k] * skmm[k]) * d2[k]) / (rs[k] * rs[k]);
                        v3[k] += t4 * t4 * t3;
                        for (int i = 0; i < ng1; i++) {
                            double t1 = t4 * c[i][k];
                            v2[i][k] -= t1 * t4 * t3;
                            for (int j = 0; j <= i; j++) {
                                double t2 = t4 * c[j][k];
                                v[i][j] += t1 * t2 * t3;
                            }
                        }
                    }
                }
            }
            for (int g = 0; g < ng; g++) {
                rs[g] -= d0[g] + d1[g] + d2[g];
                f1m[g] = f1[g];
                skmm[g] = skm[g];
            }
            fm = f;
        }
        for (int i = 0; i < ng1; i++) {
            for (int j = 0; j <= i; j++) {
                for (int k = 0; k < ng; k++) {
                    v[i][j] += c[i][k] * c[j][k] * v3[k];
                    v[i][j] += c[i][k] * v2[j][k];
                    v[i][j] += c[j][k] * v2[i][k];
                }
            }
        }
        for (int i = 0; i < ng1; i++) {
            score[i] += s[i];
            for (int j = 0; j <= i; j++) {
                variance[i][j] += v[i][j];
                variance[j][i] = variance[i][j];
            }
        }
    }

    /**
     * s' V^-1 s through a Householder QR of V, or NaN when a column's remaining norm falls below 1e-7 of its
     * original norm: the rank test of R's {@code qr()} (LINPACK dqrdc2), which cuminc uses to decide
     * whether to compute the statistic at all; NaN too when V or s is not finite.
     */
    static double quadraticForm(double[] s, double[][] v) {
        int p = s.length;
        for (int i = 0; i < p; i++) {
            if (!Double.isFinite(s[i])) {
                return Double.NaN;
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(v[i][j])) {
                    return Double.NaN; // R's qr() refuses NA/NaN/Inf
                }
            }
        }
        double[][] r = new double[p][];
        for (int i = 0; i < p; i++) {
            r[i] = v[i].clone();
        }
        double[] y = s.clone();
        for (int j = 0; j < p; j++) {
            double original = 0;
            for (int i = 0; i < p; i++) {
                original += v[i][j] * v[i][j];
            }
            original = Math.sqrt(original);
            double norm = 0;
            for (int i = j; i < p; i++) {
                norm += r[i][j] * r[i][j];
            }
            norm = Math.sqrt(norm);
            if (!(norm >= QR_TOLERANCE * original) || norm == 0) {
                return Double.NaN;
            }
            double alpha = r[j][j] > 0 ? -norm : norm;
            double[] u = new double[p];
            for (int i = j; i < p; i++) {
                u[i] = r[i][j];
            }
            u[j] -= alpha;
            double uu = 0;
            for (int i = j; i < p; i++) {
                uu += u[i] * u[i];
            }
            if (uu > 0) {
                for (int col = j; col < p; col++) {
                    double dot = 0;
                    for (int i = j; i < p; i++) {
                        dot += u[i] * r[i][col];
                    }
                    double f = 2 * dot / uu;
                    for (int i = j; i < p; i++) {
                        r[i][col] -= f * u[i];
                    }
                }
                double dot = 0;
                for (int i = j; i < p; i++) {
                    dot += u[i] * y[i];
                }
                double f = 2 * dot / uu;
                for (int i = j; i < p; i++) {
                    y[i] -= f * u[i];
                }
            }
        }
        // Back substitution R x = Q' s, then s' x.
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double acc = y[i];
            for (int j = i + 1; j < p; j++) {
                acc -= r[i][j] * x[j];
            }
            x[i] = acc / r[i][i];
        }
        double chi = 0;
        for (int i = 0; i < p; i++) {
            chi += s[i] * x[i];
        }
        return chi;
    }
}
