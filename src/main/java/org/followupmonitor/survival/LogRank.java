package org.followupmonitor.survival;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * The G-rho family of k-sample tests (Harrington &amp; Fleming, 1982) as R's {@code survdiff}:
 * log-rank for rho = 0, Peto-Peto for rho = 1, optionally stratified. One implementation, from
 * {@link StratifiedRiskTables}.
 */
public final class LogRank {

    /** Relative pivot tolerance (cholesky2's default) below which the variance of O - E counts as singular. */
    private static final double CHOLESKY_TOLERANCE = 1e-9;

    private LogRank() {
    }

    /**
     * The plain log-rank test (rho = 0), as {@code survdiff(Surv(time, status) ~ group +
     * strata(stratum))}.
     *
     * @throws IllegalArgumentException if tables is null
     */
    public static LogRankResult test(StratifiedRiskTables tables) {
        return test(tables, 0.0);
    }

    /**
     * The G-rho test, as {@code survdiff(..., rho = rho)}.
     *
     * <p>Within each stratum, at each distinct time with d deaths among n at risk (n_k, d_k in group
     * k), weight w = S(t-)^rho with S the pooled Kaplan-Meier within the stratum: O_k += w d_k,
     * E_k += w d n_k / n, and, when n > 1, V_jk += w^2 d (n - d) / (n - 1) (n_j / n)(delta_jk -
     * n_k / n) (Klein &amp; Moeschberger, 2nd ed., sec. 7.3-7.5). Sums run over strata. The statistic
     * is (O - E)' V^-1 (O - E) after dropping the first group among those with E > 0, on (number of
     * such groups - 1) degrees of freedom; NaN (with its p) when that V is singular, where R's survdiff
     * stops with an error, e.g. when every event falls on one day among the only subjects at risk. R's survdiff has no case weights; weighted tables go
     * through the same formulas with weighted counts (exact for integer frequency weights).
     *
     * @param tables the cohort's risk tables (groups x strata)
     * @param rho Fleming-Harrington rho, finite and {@code >= 0}
     * @return the test
     * @throws IllegalArgumentException if tables is null or rho is negative or not finite
     */
    public static LogRankResult test(StratifiedRiskTables tables, double rho) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must not be null");
        }
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, got " + rho);
        }
        int k = tables.groupCount();
        double[] nTotal = new double[k];
        double[] obs = new double[k];
        double[] exp = new double[k];
        double[][] var = new double[k][k];
        RiskTable[] cell = new RiskTable[k];
        int[] ptr = new int[k];
        double[] nk = new double[k];
        for (int s = 0; s < tables.strataCount(); s++) {
            int total = 0;
            for (int g = 0; g < k; g++) {
                cell[g] = tables.cell(g, s);
                nTotal[g] += cell[g].total();
                total += cell[g].size();
                ptr[g] = 0;
            }
            double[] times = pooledTimes(cell, total);
            double km = 1;
            for (double t : times) {
                double nrisk = 0;
                double deaths = 0;
                for (int g = 0; g < k; g++) {
                    RiskTable c = cell[g];
                    while (ptr[g] < c.size() && c.t(ptr[g]) < t) {
                        ptr[g]++;
                    }
                    nk[g] = ptr[g] < c.size() ? c.n(ptr[g]) : 0.0;
                    nrisk += nk[g];
                    if (ptr[g] < c.size() && c.t(ptr[g]) == t) {
                        deaths += c.d(ptr[g]);
                    }
                }
                double wt = rho == 0 ? 1.0 : Math.pow(km, rho);
                if (deaths > 0) {
                    for (int g = 0; g < k; g++) {
                        RiskTable c = cell[g];
                        if (ptr[g] < c.size() && c.t(ptr[g]) == t) {
                            obs[g] += c.d(ptr[g]) * wt;
                        }
                        exp[g] += wt * deaths * nk[g] / nrisk;
                    }
                    // A time with a single subject at risk has no variance (survdiff2.c).
                    if (nrisk != 1) {
                        double w2 = wt * wt;
                        for (int j = 0; j < k; j++) {
                            double tmp = w2 * deaths * nk[j] * (nrisk - deaths) / (nrisk * (nrisk - 1));
                            var[j][j] += tmp;
                            for (int l = 0; l < k; l++) {
                                var[j][l] -= tmp * nk[l] / nrisk;
                            }
                        }
                    }
                    km = km * (nrisk - deaths) / nrisk;
                }
            }
        }
        return finish(rho, nTotal, obs, exp, var);
    }

    /**
     * The G-rho test with every observation administratively censored at {@code horizon}: the
     * comparison "up to the milestone" that registry reports give alongside S(milestone).
     *
     * @throws IllegalArgumentException if tables is null, rho is invalid or horizon is not finite
     */
    public static LogRankResult testCensoredAt(StratifiedRiskTables tables, double rho, double horizon) {
        if (tables == null) {
            throw new IllegalArgumentException("tables must not be null");
        }
        return test(tables.censoredAfter(horizon), rho);
    }

    private static LogRankResult finish(double rho, double[] n, double[] obs, double[] exp, double[][] var) {
        int k = obs.length;
        int[] keep = new int[k];
        int used = 0;
        for (int g = 0; g < k; g++) {
            if (exp[g] > 0) {
                keep[used++] = g;
            }
        }
        if (used < 2) {
            return new LogRankResult(rho, n, obs, exp, var, Double.NaN, 0, Double.NaN);
        }
        int p = used - 1;
        double[][] a = new double[p][p];
        double[] u = new double[p];
        for (int i = 0; i < p; i++) {
            u[i] = obs[keep[i + 1]] - exp[keep[i + 1]];
            for (int j = 0; j < p; j++) {
                a[i][j] = var[keep[i + 1]][keep[j + 1]];
            }
        }
        double[] x = solve(a, u);
        if (x == null) {
            // R's survdiff solves with solve(), which stops ("system is exactly singular") when the variance of
            // O - E is singular, e.g. every death on one day among the only subjects at risk: no statistic.
            return new LogRankResult(rho, n, obs, exp, var, Double.NaN, p, Double.NaN);
        }
        double chi = 0;
        for (int i = 0; i < p; i++) {
            chi += x[i] * u[i];
        }
        double pValue = Gamma.regularizedGammaQ(p / 2.0, chi / 2.0);
        return new LogRankResult(rho, n, obs, exp, var, chi, p, pValue);
    }

    /**
     * Solves A x = b for symmetric non-negative definite A through an LDL' decomposition (Therneau's
     * cholesky2/chsolve2).
     *
     * @return x, or null when A is singular (a pivot at or below the tolerance times the largest diagonal)
     */
    static double[] solve(double[][] a0, double[] b) {
        int n = b.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        }
        double eps = maxDiag == 0 ? CHOLESKY_TOLERANCE : CHOLESKY_TOLERANCE * maxDiag;
        for (int i = 0; i < n; i++) {
            double pivot = a[i][i];
            if (!(pivot > eps)) {
                return null;
            }
            for (int j = i + 1; j < n; j++) {
                double temp = a[j][i] / pivot;
                a[j][j] -= temp * temp * pivot;
                for (int l = j + 1; l < n; l++) {
                    a[l][j] -= temp * a[l][i];
                }
                a[j][i] = temp;
            }
        }
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double temp = y[i];
            for (int j = 0; j < i; j++) {
                temp -= y[j] * a[i][j];
            }
            y[i] = temp;
        }
        for (int i = n - 1; i >= 0; i--) {
            double temp = y[i] / a[i][i];
            for (int j = i + 1; j < n; j++) {
                temp -= y[j] * a[j][i];
            }
            y[i] = temp;
        }
        return y;
    }

    private static double[] pooledTimes(RiskTable[] cells, int total) {
        double[] all = new double[total];
        int m = 0;
        int nonEmpty = 0;
        for (RiskTable c : cells) {
            if (!c.isEmpty()) {
                nonEmpty++;
            }
            for (int i = 0; i < c.size(); i++) {
                all[m++] = c.t(i);
            }
        }
        if (nonEmpty > 1) {
            Arrays.sort(all);
        }
        int u = 0;
        for (int i = 0; i < m; i++) {
            if (u == 0 || all[i] != all[u - 1]) {
                all[u++] = all[i];
            }
        }
        return Arrays.copyOf(all, u);
    }
}
