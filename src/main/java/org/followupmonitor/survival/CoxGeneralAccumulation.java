package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accumulation for (start, stop] rows, strata or clusters: R's agfit4 (and coxfit6 with strata). Rows are
 * sorted by stratum, then by stop time; within each stratum the risk set is walked from the last time down,
 * adding each row when the walk reaches its stop time (if it can still be at risk) and taking it out again when
 * the walk passes its start time (Therneau &amp; Grambsch 2000, sec. 3.7; survival's agfit4.c). When the risk set
 * empties, its sums are reset to exact zeros, as agfit4 does, so rounding does not carry over.
 */
final class CoxGeneralAccumulation extends CoxAccumulation {
    final boolean efron;
    final boolean counting;
    final double[] rawStart;
    final double[] rawTime;
    final boolean[] rawEvent;
    final double[] rawWeights;
    /** Stratum index (0..) per input row, in ascending order of the codes; null without strata. */
    final int[] rawStratum;
    final int[] rawCluster;
    /** Position q (sorted by stratum, then stop) to input row. */
    final int[] order;
    final double[] start;
    final double[] time;
    final boolean[] dead;
    final double[] w;
    final double[][] z;
    /** Stratum ranges: positions [bounds[s], bounds[s + 1]). */
    final int[] bounds;
    /** Positions of each stratum range in ascending order of their start times (counting data only). */
    final int[] byStart;
    /**
     * The covariates and weights again in {@link #byStart} order, so taking rows out of the risk set reads memory
     * in sequence rather than at random (with millions of rows that was most of the time); null without start times.
     */
    private final double[][] zByStart;
    private final double[] wByStart;
    private final double[] etaByStart;
    private final double[] eta;
    private final boolean[] added;
    private final double[] a;
    private final double[] a2;
    private final double[][] cmat;
    private final double[][] cmat2;

    CoxGeneralAccumulation(CoxInput data, CoxTies ties) {
        n = data.n();
        p = data.termNames().size();
        efron = ties == CoxTies.EFRON;
        counting = data.start() != null;
        rawStart = data.start();
        rawTime = new double[n];
        rawEvent = new boolean[n];
        rawWeights = new double[n];
        for (int i = 0; i < n; i++) {
            rawTime[i] = data.time(i);
            rawEvent[i] = data.event(i);
            rawWeights[i] = data.weight(i);
        }
        rawStratum = data.strata() == null ? null : denseCodes(data.strata());
        rawCluster = data.cluster();
        int strataCount = 1;
        if (rawStratum != null) {
            for (int s : rawStratum) {
                strataCount = Math.max(strataCount, s + 1);
            }
        }
        int[] byTime = CoxIndexSort.ascending(rawTime);
        order = rawStratum == null ? byTime : stableByKey(byTime, rawStratum, strataCount);
        bounds = new int[strataCount + 1];
        for (int i = 0; i < n; i++) {
            bounds[(rawStratum == null ? 0 : rawStratum[i]) + 1]++;
        }
        for (int s = 0; s < strataCount; s++) {
            bounds[s + 1] += bounds[s];
        }
        start = new double[n];
        time = new double[n];
        dead = new boolean[n];
        w = new double[n];
        z = new double[p][n];
        int ev = 0;
        for (int q = 0; q < n; q++) {
            int i = order[q];
            start[q] = counting ? rawStart[i] : Double.NEGATIVE_INFINITY;
            time[q] = rawTime[i];
            dead[q] = rawEvent[i];
            ev += dead[q] ? 1 : 0;
            w[q] = rawWeights[i];
        }
        data.gather(order, z);
        events = ev;
        if (counting) {
            int[] stratumOfPosition = new int[n];
            for (int s = 0; s < strataCount; s++) {
                java.util.Arrays.fill(stratumOfPosition, bounds[s], bounds[s + 1], s);
            }
            byStart = stableByKey(CoxIndexSort.ascending(start), stratumOfPosition, strataCount);
        } else {
            byStart = null;
        }
        means = new double[p];
        scale = new double[p];
        double wsum = 0;
        for (int q = 0; q < n; q++) {
            wsum += w[q];
        }
        for (int k = 0; k < p; k++) {
            double[] col = z[k];
            boolean zeroOne = true;
            double plain = 0;
            for (int q = 0; q < n; q++) {
                double v = col[q];
                zeroOne &= v == 0 || v == 1 || v == -1;
                plain += v;
            }
            if (zeroOne) {
                // nocenter = c(-1, 0, 1), as for plain data.
                scale[k] = 1.0;
                means[k] = 0.0;
                continue;
            }
            double m = 0;
            for (int q = 0; q < n; q++) {
                m += w[q] * col[q];
            }
            m /= wsum;
            // The fit centres on the weighted mean (an affine change: the Newton path is the same); R reports
            // coxfit6's weighted mean, and for (start, stop] data agreg.fit's plain column mean.
            means[k] = counting ? plain / n : m;
            double abs = 0;
            for (int q = 0; q < n; q++) {
                col[q] -= m;
                abs += w[q] * Math.abs(col[q]);
            }
            double sc = abs > 0 ? wsum / abs : 1.0;
            scale[k] = sc;
            for (int q = 0; q < n; q++) {
                col[q] *= sc;
            }
        }
        if (counting) {
            zByStart = new double[p][n];
            wByStart = new double[n];
            for (int r = 0; r < n; r++) {
                int q = byStart[r];
                wByStart[r] = w[q];
                for (int k = 0; k < p; k++) {
                    zByStart[k][r] = z[k][q];
                }
            }
            etaByStart = new double[n];
        } else {
            zByStart = null;
            wByStart = null;
            etaByStart = null;
        }
        u = new double[p];
        imat = new double[p][p];
        eta = new double[n];
        added = new boolean[n];
        a = new double[p];
        a2 = new double[p];
        cmat = new double[p][p];
        cmat2 = new double[p][p];
    }

    /** Codes mapped to 0, 1, ... in ascending order of the codes. */
    private static int[] denseCodes(int[] codes) {
        int[] sorted = codes.clone();
        java.util.Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        int[] out = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = java.util.Arrays.binarySearch(sorted, 0, m, codes[i]);
        }
        return out;
    }

    /** {@code in} stably reordered by {@code key[in[i]]} in 0..count-1 (a counting sort). */
    private static int[] stableByKey(int[] in, int[] key, int count) {
        int[] begin = new int[count + 1];
        for (int i : in) {
            begin[key[i] + 1]++;
        }
        for (int s = 0; s < count; s++) {
            begin[s + 1] += begin[s];
        }
        int[] out = new int[in.length];
        for (int i : in) {
            out[begin[key[i]]++] = i;
        }
        return out;
    }

    /** eta = z beta and the shift that keeps exp finite (as CoxRegression's plain engine); returns the shift. */
    private double linearPredictor(double[] beta) {
        java.util.Arrays.fill(eta, 0.0);
        for (int k = 0; k < p; k++) {
            double b = beta[k];
            if (b == 0) {
                continue;
            }
            double[] col = z[k];
            for (int q = 0; q < n; q++) {
                eta[q] += b * col[q];
            }
        }
        if (etaByStart != null) {
            // The same sums in the same order as eta's, so each row's two copies are equal to the last bit.
            java.util.Arrays.fill(etaByStart, 0.0);
            for (int k = 0; k < p; k++) {
                double b = beta[k];
                if (b == 0) {
                    continue;
                }
                double[] col = zByStart[k];
                for (int r = 0; r < n; r++) {
                    etaByStart[r] += b * col[r];
                }
            }
        }
        double etaMax = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < n; q++) {
            etaMax = Math.max(etaMax, eta[q]);
        }
        return etaMax > CoxRegression.MAX_EXPONENT ? etaMax - CoxRegression.MAX_EXPONENT : 0.0;
    }

    private void clearRiskSet() {
        java.util.Arrays.fill(a, 0.0);
        for (double[] row : cmat) {
            java.util.Arrays.fill(row, 0.0);
        }
    }

    private void clearDeaths() {
        java.util.Arrays.fill(a2, 0.0);
        for (double[] row : cmat2) {
            java.util.Arrays.fill(row, 0.0);
        }
    }

    /**
     * Walks every stratum's risk sets from the last time down and hands each time with deaths to
     * {@code atDeaths}, with the risk set (denominator {@code denom}, sums {@code a}, {@code cmat}) of the rows
     * at risk that do not die then, and the deaths' sums {@code denom2}, {@code a2}, {@code cmat2}.
     */
    private void walk(double shift, DeathTime atDeaths) {
        java.util.Arrays.fill(added, false);
        for (int s = 0; s + 1 < bounds.length; s++) {
            int lo = bounds[s];
            double denom = 0;
            int nrisk = 0;
            clearRiskSet();
            int q = bounds[s + 1] - 1;
            int r = q;
            while (q >= lo) {
                double dtime = time[q];
                if (counting) {
                    // Rows whose start lies at or after this time are no longer at risk.
                    for (; r >= lo && start[byStart[r]] >= dtime; r--) {
                        int j = byStart[r];
                        if (!added[j]) {
                            continue;
                        }
                        added[j] = false;
                        if (--nrisk == 0) {
                            denom = 0;
                            clearRiskSet();
                        } else {
                            double risk = Math.exp(etaByStart[r] - shift) * wByStart[r];
                            denom -= risk;
                            for (int i = 0; i < p; i++) {
                                double rz = risk * zByStart[i][r];
                                a[i] -= rz;
                                double[] ci = cmat[i];
                                for (int k = 0; k <= i; k++) {
                                    ci[k] -= rz * zByStart[k][r];
                                }
                            }
                        }
                    }
                }
                int ndead = 0;
                double deadwt = 0;
                double denom2 = 0;
                int first = q;
                while (q >= lo && time[q] == dtime) {
                    double risk = Math.exp(eta[q] - shift) * w[q];
                    if (!dead[q]) {
                        if (start[q] < dtime) {
                            added[q] = true;
                            nrisk++;
                            denom += risk;
                            for (int i = 0; i < p; i++) {
                                double rz = risk * z[i][q];
                                a[i] += rz;
                                double[] ci = cmat[i];
                                for (int k = 0; k <= i; k++) {
                                    ci[k] += rz * z[k][q];
                                }
                            }
                        }
                    } else {
                        added[q] = true;
                        nrisk++;
                        ndead++;
                        deadwt += w[q];
                        denom2 += risk;
                        for (int i = 0; i < p; i++) {
                            double rz = risk * z[i][q];
                            a2[i] += rz;
                            double[] ci = cmat2[i];
                            for (int k = 0; k <= i; k++) {
                                ci[k] += rz * z[k][q];
                            }
                        }
                    }
                    q--;
                }
                if (ndead > 0) {
                    denom = atDeaths.deaths(s, q + 1, first, ndead, deadwt, denom, denom2);
                    clearDeaths();
                }
            }
        }
    }

    /** What a walk does at a time with deaths; returns the denominator with the deaths in it. */
    private interface DeathTime {
        double deaths(int stratum, int from, int to, int ndead, double deadwt, double denom, double denom2);
    }

    @Override
    double iterate(double[] beta) {
        double shift = linearPredictor(beta);
        java.util.Arrays.fill(u, 0.0);
        for (double[] row : imat) {
            java.util.Arrays.fill(row, 0.0);
        }
        clearDeaths();
        double[] loglik = {0};
        walk(shift, (stratum, from, to, ndead, deadwt, denom, denom2) -> {
            for (int q = from; q <= to; q++) {
                if (dead[q]) {
                    loglik[0] += w[q] * eta[q];
                    for (int i = 0; i < p; i++) {
                        u[i] += w[q] * z[i][q];
                    }
                }
            }
            if (!efron || ndead == 1) {
                denom += denom2;
                loglik[0] -= deadwt * (Math.log(denom) + shift);
                for (int i = 0; i < p; i++) {
                    a[i] += a2[i];
                    double mean = a[i] / denom;
                    u[i] -= deadwt * mean;
                    for (int j = 0; j <= i; j++) {
                        cmat[i][j] += cmat2[i][j];
                        imat[j][i] += deadwt * (cmat[i][j] - mean * a[j]) / denom;
                    }
                }
            } else {
                // Efron, as CoxRegression's plain engine: the k-th of d tied deaths sees (d-1-k)/d of their risk removed.
                double wtave = deadwt / ndead;
                for (int k = 0; k < ndead; k++) {
                    denom += denom2 / ndead;
                    loglik[0] -= wtave * (Math.log(denom) + shift);
                    for (int i = 0; i < p; i++) {
                        a[i] += a2[i] / ndead;
                        double mean = a[i] / denom;
                        u[i] -= wtave * mean;
                        for (int j = 0; j <= i; j++) {
                            cmat[i][j] += cmat2[i][j] / ndead;
                            imat[j][i] += wtave * (cmat[i][j] - mean * a[j]) / denom;
                        }
                    }
                }
            }
            return denom;
        });
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                imat[i][j] = imat[j][i];
            }
        }
        return loglik[0];
    }

    /**
     * The score and information of the model with the added terms x g(t), at (beta, 0): R's zph1 / zph2 (the
     * computation behind {@code cox.zph}, Grambsch &amp; Therneau 1994). {@code u2} gets the 2p-vector of scores (the
     * second half, for the x g(t) terms, is what the test uses) and {@code imat2} the full 2p x 2p information, both
     * in the scaled units of this accumulation (the test statistic does not depend on the units).
     *
     * @param beta the fit's coefficients in scaled units
     * @param g    g(t) of each input row's stop time, centred (only the rows with an event are read)
     */
    void timeWeighted(double[] beta, double[] g, double[] u2, double[][] imat2) {
        double shift = linearPredictor(beta);
        java.util.Arrays.fill(u2, 0.0);
        for (double[] row : imat2) {
            java.util.Arrays.fill(row, 0.0);
        }
        clearDeaths();
        walk(shift, (stratum, from, to, ndead, deadwt, denom, denom2) -> {
            double timewt = g[order[to]];
            for (int q = from; q <= to; q++) {
                if (dead[q]) {
                    for (int i = 0; i < p; i++) {
                        u2[i] += w[q] * z[i][q];
                        u2[i + p] += timewt * w[q] * z[i][q];
                    }
                }
            }
            int steps = !efron || ndead == 1 ? 1 : ndead;
            double wt = deadwt / steps;
            for (int k = 0; k < steps; k++) {
                denom += denom2 / steps;
                for (int i = 0; i < p; i++) {
                    a[i] += a2[i] / steps;
                    double mean = a[i] / denom;
                    u2[i] -= wt * mean;
                    u2[i + p] -= timewt * wt * mean;
                    for (int j = 0; j <= i; j++) {
                        cmat[i][j] += cmat2[i][j] / steps;
                        double t = wt * (cmat[i][j] - mean * a[j]) / denom;
                        imat2[j][i] += t;
                        imat2[j][i + p] += t * timewt;
                        imat2[j + p][i + p] += t * timewt * timewt;
                    }
                }
            }
            return denom;
        });
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                imat2[i][j] = imat2[j][i];
                imat2[i][j + p] = imat2[j][i + p];
                imat2[i + p][j + p] = imat2[j + p][i + p];
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                imat2[i + p][j] = imat2[j][i + p];
            }
        }
    }

    @Override
    double[] linearPredictorOriginalOrder(double[] coef, CoxInput data) {
        double[] lp = new double[n];
        double c = 0;
        for (int k = 0; k < p; k++) {
            c += coef[k] * means[k];
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += coef[k] * data.x(i, k);
            }
            lp[i] = s - c;
        }
        return lp;
    }

    @Override
    Concordance concordance(double[] lp) {
        return Concordance.general(rawStart, rawTime, rawEvent, lp, rawWeights, rawStratum);
    }

    /**
     * Score residuals at beta (scaled units), weighted and summed per cluster, in the covariates' own units:
     * R's {@code residuals(fit, type = "score", weighted = TRUE, collapse = cluster)} (coxscore2 / agscore2:
     * for row i and each death time t_j in its risk interval, (x_i - xbar_j)(dN_i(t_j) - r_i dLambda_j), with
     * Efron's averaging over tied deaths). Rows of one cluster are summed in cluster-code order.
     */
    double[][] clusterScores(double[] beta) {
        double shift = linearPredictor(beta);
        clearDeaths();
        // Per stratum, the death times (descending as the walk meets them) and their hazard sums.
        int strata = bounds.length - 1;
        List<List<double[]>> perStratum = new ArrayList<>();
        for (int s = 0; s < strata; s++) {
            perStratum.add(new ArrayList<>());
        }
        walk(shift, (stratum, from, to, ndead, deadwt, denom, denom2) -> {
            // One record: time, H, T2, then MH[p], MH2[p], M3[p].
            double[] rec = new double[3 + 3 * p];
            rec[0] = time[to];
            double all = denom + denom2;
            if (!efron || ndead == 1) {
                double h = deadwt / all;
                rec[1] = h;
                rec[2] = h;
                for (int k = 0; k < p; k++) {
                    double mean = (a[k] + a2[k]) / all;
                    rec[3 + k] = mean * h;
                    rec[3 + p + k] = mean * h;
                    rec[3 + 2 * p + k] = mean;
                }
            } else {
                double meanwt = deadwt / ndead;
                for (int m = 0; m < ndead; m++) {
                    double down = (double) m / ndead;
                    double d2 = all - down * denom2;
                    double h = meanwt / d2;
                    rec[1] += h;
                    rec[2] += (1 - down) * h;
                    for (int k = 0; k < p; k++) {
                        double mean = (a[k] + a2[k] - down * a2[k]) / d2;
                        rec[3 + k] += mean * h;
                        rec[3 + p + k] += mean * (1 - down) * h;
                        rec[3 + 2 * p + k] += mean / ndead;
                    }
                }
            }
            perStratum.get(stratum).add(rec);
            // The risk set for earlier times keeps the deaths.
            for (int k = 0; k < p; k++) {
                a[k] += a2[k];
                for (int j = 0; j <= k; j++) {
                    cmat[k][j] += cmat2[k][j];
                }
            }
            return all;
        });
        Map<Integer, Integer> clusterIndex = new java.util.TreeMap<>();
        for (int code : rawCluster) {
            clusterIndex.putIfAbsent(code, 0);
        }
        int c = 0;
        for (Map.Entry<Integer, Integer> en : clusterIndex.entrySet()) {
            en.setValue(c++);
        }
        double[][] scores = new double[c][p];
        double[] resid = new double[p];
        for (int s = 0; s < strata; s++) {
            List<double[]> recs = perStratum.get(s);
            int m = recs.size();
            // Ascending death times with prefix sums of H and MH (index j: the first j death times).
            double[] times = new double[m];
            double[] ch = new double[m + 1];
            double[][] cmh = new double[p][m + 1];
            for (int j = 0; j < m; j++) {
                double[] rec = recs.get(m - 1 - j);
                times[j] = rec[0];
                ch[j + 1] = ch[j] + rec[1];
                for (int k = 0; k < p; k++) {
                    cmh[k][j + 1] = cmh[k][j] + rec[3 + k];
                }
            }
            for (int q = bounds[s]; q < bounds[s + 1]; q++) {
                int hi = countAtOrBefore(times, time[q]);
                int lo = counting ? countAtOrBefore(times, start[q]) : 0;
                if (hi <= lo && !dead[q]) {
                    continue; // at risk at no death time: a zero residual
                }
                double r = Math.exp(eta[q] - shift);
                int upto = dead[q] ? hi - 1 : hi;
                double sumH = ch[upto] - ch[lo];
                for (int k = 0; k < p; k++) {
                    double zk = z[k][q];
                    double v = -r * (zk * sumH - (cmh[k][upto] - cmh[k][lo]));
                    if (dead[q]) {
                        double[] own = recs.get(m - hi);
                        v += zk - own[3 + 2 * p + k] - r * zk * own[2] + r * own[3 + p + k];
                    }
                    resid[k] = v / scale[k];
                }
                double[] row = scores[clusterIndex.get(rawCluster[order[q]])];
                for (int k = 0; k < p; k++) {
                    row[k] += w[q] * resid[k];
                }
            }
        }
        return scores;
    }

    /** The number of the ascending {@code times} that are &lt;= t. */
    private static int countAtOrBefore(double[] times, double t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** R's robust variance: D'D with D = (cluster-summed score residuals at the fit) x the model variance. */
    double[][] robustVariance(double[] beta, double[][] var) {
        double[][] scores = clusterScores(beta);
        double[][] d = new double[scores.length][p];
        for (int c = 0; c < scores.length; c++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < p; k++) {
                    s += scores[c][k] * var[k][j];
                }
                d[c][j] = s;
            }
        }
        double[][] robust = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (double[] row : d) {
                    s += row[i] * row[j];
                }
                robust[i][j] = s;
            }
        }
        return robust;
    }

    /**
     * R's robust score test ({@code coxph}'s {@code rscore}): with S0 the cluster-summed score residuals at beta =
     * 0, u = colSums(S0) and the statistic u' (S0'S0)^- u by the pivoting Cholesky decomposition
     * ({@code coxph.wtest}).
     */
    double robustScoreStatistic(double toler) {
        double[][] s0 = clusterScores(new double[p]);
        double[] uu = new double[p];
        double[][] m = new double[p][p];
        for (double[] row : s0) {
            for (int i = 0; i < p; i++) {
                uu[i] += row[i];
                for (int j = 0; j < p; j++) {
                    m[i][j] += row[i] * row[j];
                }
            }
        }
        double[] sol = uu.clone();
        CoxRegression.cholesky(m, p, toler);
        CoxRegression.solve(m, p, sol);
        double stat = 0;
        for (int i = 0; i < p; i++) {
            stat += uu[i] * sol[i];
        }
        return stat;
    }
}
