package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * Fine-Gray proportional subdistribution hazards regression, as {@code cmprsk::crr(ftime, fstatus, cov1,
 * failcode, cencode = 0)} (Fine &amp; Gray 1999, JASA 94:496-509; the objective, iteration and variance of
 * cmprsk's {@code crrfsv}, {@code crrf} and {@code crrvv}).
 *
 * <p>The risk set at a time t when the cause of interest occurs holds everyone still under observation
 * (time &gt;= t) with weight exp(x'b), and everyone who had a competing event before t with weight
 * exp(x'b) G(t-)/G(t_j-), G the Kaplan-Meier curve of censoring (crr's {@code uuu}, read just before each
 * time as crr's {@code approx} does). The log pseudo-likelihood is Breslow's for tied failures.
 *
 * <p>Iteration as crr: from b = 0, Newton steps with the Hessian of the negative log pseudo-likelihood,
 * each halved (at most 20 times) until the objective decreases by at least 1e-4 of the predicted amount;
 * stop when max |score_j| max(|b_j|, 1) &lt; max(|objective|, 1) gtol, or after maxIter steps
 * ({@code converged = false}). The variance is the sandwich I^-1 V I^-1 with V = sum_i (eta_i + psi_i)
 * (eta_i + psi_i)', eta_i the subject's score residual and psi_i the term for estimating G (Fine &amp; Gray,
 * sec. 3).
 *
 * <p>crr forms the risk-set sums afresh at every failure time and the variance terms in nested loops over
 * subjects (O(n^2) to O(n^3)). Here the same quantities come from running sums over the time-sorted
 * subjects: the sums over those still under observation accumulate backwards, those over earlier competing
 * events forwards (their weight ratio factors as G(t-) times 1/G(t_j-)), and risk-set means and covariances
 * use the numerically stable weighted update crr uses (West 1979), so each evaluation is O(n p^2). The
 * subject terms eta and psi reduce to cumulative sums over failure and censoring times.
 */
public final class FineGray {

    /** R's {@code .Machine$double.eps}. */
    private static final double EPS = Math.ulp(1.0);

    private FineGray() {
    }

    /**
     * Fits with crr's defaults (gtol 1e-6, maxiter 10, 95% intervals).
     *
     * @see #fit(double[], int[], DesignMatrix, int, FineGrayOptions)
     */
    public static FineGrayFit fit(double[] time, int[] status, DesignMatrix design, int failCode) {
        return fit(time, status, design, failCode, FineGrayOptions.DEFAULTS);
    }

    /**
     * Fits the subdistribution hazards of cause {@code failCode}.
     *
     * @param time finite follow-up time per input row of the design (rows the design dropped are ignored)
     * @param status per input row: 0 censored, {@code failCode} the cause of interest, any other positive
     *     code a competing event
     * @param design covariates, dummy-coded and complete-case as the Cox design ({@link DesignMatrix})
     * @param failCode the cause of interest, {@code >= 1}
     * @param options iteration controls and confidence level
     * @return the fit
     * @throws IllegalArgumentException if arrays are null or do not match the design's input rows, a time is
     *     not finite, a status is negative, there is no event of the cause, or the information matrix is
     *     singular (a term constant or collinear among the subjects at risk; crr stops with an error there)
     */
    public static FineGrayFit fit(double[] time, int[] status, DesignMatrix design, int failCode,
            FineGrayOptions options) {
        if (time == null || status == null || design == null || options == null) {
            throw new IllegalArgumentException("time, status, design and options must not be null");
        }
        if (time.length != design.inputRows() || status.length != design.inputRows()) {
            throw new IllegalArgumentException("time (" + time.length + ") and status (" + status.length
                    + ") must have one entry per input row of the design (" + design.inputRows() + ")");
        }
        if (failCode < 1) {
            throw new IllegalArgumentException("failCode must be >= 1 (0 is the censoring code), got " + failCode);
        }
        Data data = Data.of(time, status, design, failCode);
        List<String> names = design.termNames();
        int p = data.p;
        double[] b = new double[p];
        boolean converged = false;
        String warning = null;
        int steps = 0;
        Objective z;
        for (int ll = 0; ; ll++) {
            z = data.evaluate(b, true);
            double lhs = 0;
            for (int j = 0; j < p; j++) {
                lhs = Math.max(lhs, Math.abs(z.score[j]) * Math.max(Math.abs(b[j]), 1));
            }
            if (lhs < Math.max(Math.abs(z.value), 1) * options.gtol()) {
                converged = true;
                break;
            }
            if (ll == options.maxIter()) {
                warning = "did not converge in " + options.maxIter() + " iterations (crr's maxiter); a coefficient"
                        + " may be running off to infinity, e.g. a group without events of cause " + failCode;
                break;
            }
            double[] sc = Linear.solve(z.hessian, z.score, names);
            double predicted = 0;
            for (int j = 0; j < p; j++) {
                sc[j] = -sc[j];
                predicted += sc[j] * z.score[j];
            }
            double[] bn = add(b, sc);
            double fbn = data.evaluate(bn, false).value;
            int halvings = 0;
            while (Double.isNaN(fbn) || fbn > z.value + 1e-4 * predicted) {
                halvings++;
                for (int j = 0; j < p; j++) {
                    sc[j] *= 0.5;
                }
                bn = add(b, sc);
                fbn = data.evaluate(bn, false).value;
                if (halvings > 20) {
                    break;
                }
            }
            if (halvings > 20) {
                warning = "step-halving did not decrease the objective at iteration " + (ll + 1)
                        + "; the fit stops at the previous coefficients, as crr does";
                break;
            }
            b = bn;
            steps = ll + 1;
        }
        // Every exit leaves b where z was evaluated (a failed step-halving keeps the previous b, as crr).
        Objective at = z;
        double[][] information = at.hessian;
        double[][] inverse = Linear.inverse(information, names);
        double[][] meat = data.scoreVariance(b, at);
        double[][] variance = Linear.sandwich(inverse, meat);
        double zc = new NormalDistribution(0, 1).inverseCumulativeProbability(1 - (1 - options.confidenceLevel()) / 2);
        List<FineGrayTerm> terms = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            double se = Math.sqrt(variance[j][j]);
            double zj = b[j] / se;
            double pj = Double.isNaN(zj) ? Double.NaN : Erf.erfc(Math.abs(zj) / Math.sqrt(2));
            terms.add(new FineGrayTerm(names.get(j), b[j], se, Math.exp(b[j]), Math.exp(b[j] - zc * se),
                    Math.exp(b[j] + zc * se), zj, pj));
        }
        double loglikNull = -data.evaluate(new double[p], false).value;
        return new FineGrayFit(terms, failCode, options.confidenceLevel(), data.n, design.excludedRows(),
                data.failures, data.competing, -at.value, loglikNull, steps, converged,
                warning == null ? List.of() : List.of(warning), variance, information);
    }

    private static double[] add(double[] b, double[] step) {
        double[] out = new double[b.length];
        for (int j = 0; j < b.length; j++) {
            out[j] = b[j] + step[j];
        }
        return out;
    }

    /** Negative log pseudo-likelihood with its gradient and Hessian (crr's {@code crrfsv}). */
    record Objective(double value, double[] score, double[][] hessian, double[] weightSum, double[] mean) {
    }

    /**
     * Weighted count, mean and co-moment sum_i w_i (x_i - mean)(x_i - mean)' of a set of covariate rows,
     * updated one row at a time (West 1979), so that risk-set covariances carry no cancellation.
     */
    private static final class Moments {
        final int p;
        double w;
        final double[] mean;
        final double[] m2;
        private final double[] delta;

        Moments(int p) {
            this.p = p;
            this.mean = new double[p];
            this.m2 = new double[p * p];
            this.delta = new double[p];
        }

        void clear() {
            w = 0;
            Arrays.fill(mean, 0);
            Arrays.fill(m2, 0);
        }

        void add(double[] x, int off, double weight) {
            double before = w;
            w += weight;
            double f = weight / w;
            for (int a = 0; a < p; a++) {
                delta[a] = x[off + a] - mean[a];
                mean[a] += delta[a] * f;
            }
            double g = weight * before / w;
            for (int a = 0; a < p; a++) {
                for (int c = a; c < p; c++) {
                    m2[a * p + c] += g * delta[a] * delta[c];
                }
            }
        }

        /**
         * This set united with another (weight otherW, mean at otherMean[meanOff..], co-moment at
         * otherM2[m2Off..]) whose weights are all scaled by g, into {@code out} (Chan, Golub &amp; LeVeque 1979).
         */
        void mergeInto(double otherW, double[] otherMean, int meanOff, double[] otherM2, int m2Off, double g,
                Moments out) {
            double wb = g * otherW;
            out.w = w + wb;
            double f = out.w == 0 ? 0 : wb / out.w;
            double cross = out.w == 0 ? 0 : w * wb / out.w;
            for (int a = 0; a < p; a++) {
                delta[a] = otherMean[meanOff + a] - mean[a];
                out.mean[a] = mean[a] + delta[a] * f;
            }
            for (int a = 0; a < p; a++) {
                for (int c = a; c < p; c++) {
                    out.m2[a * p + c] = m2[a * p + c] + g * otherM2[m2Off + a * p + c]
                            + cross * delta[a] * delta[c];
                }
            }
        }
    }

    /** The subjects sorted by time, their covariates, censoring weights and the failure-time blocks. */
    private static final class Data {
        final int n;
        final int p;
        final double[] t;
        final int[] ici;
        final double[] x;
        /** G(t_i-), crr's censoring weight for subject i. */
        final double[] gm;
        /** Distinct failure times: first and last+1 subject index of each time's block, count, G(T-). */
        final int[] blockStart;
        final int[] blockEnd;
        final int[] nFail;
        final double[] gFail;
        final int failures;
        final int competing;

        private Data(double[] t, int[] ici, double[] x, int p, double[] gm, int[] blockStart, int[] blockEnd,
                int[] nFail, double[] gFail, int failures, int competing) {
            this.n = t.length;
            this.p = p;
            this.t = t;
            this.ici = ici;
            this.x = x;
            this.gm = gm;
            this.blockStart = blockStart;
            this.blockEnd = blockEnd;
            this.nFail = nFail;
            this.gFail = gFail;
            this.failures = failures;
            this.competing = competing;
        }

        static Data of(double[] time, int[] status, DesignMatrix design, int failCode) {
            int[] rows = design.rows();
            double[][] xr = design.x();
            int n = rows.length;
            int p = design.termNames().size();
            double[] keptTime = new double[n];
            for (int i = 0; i < n; i++) {
                double ti = time[rows[i]];
                keptTime[i] = ti;
                if (!Double.isFinite(ti)) {
                    throw new IllegalArgumentException("time of input row " + rows[i] + " is " + ti
                            + "; times must be finite");
                }
                if (status[rows[i]] < 0) {
                    throw new IllegalArgumentException("status of input row " + rows[i] + " is " + status[rows[i]]
                            + "; use 0 for censored and a positive code for each cause");
                }
            }
            // crr: d[order(d$ftime), ] (stable: ties keep their input order).
            int[] order = stableOrder(keptTime);
            double[] t = new double[n];
            int[] ici = new int[n];
            double[] x = new double[n * p];
            boolean[] censoredEvent = new boolean[n];
            int failures = 0;
            int competing = 0;
            for (int i = 0; i < n; i++) {
                int r = order[i];
                t[i] = time[rows[r]];
                int s = status[rows[r]];
                ici[i] = s == failCode ? 1 : s == 0 ? 0 : 2;
                failures += ici[i] == 1 ? 1 : 0;
                competing += ici[i] == 2 ? 1 : 0;
                censoredEvent[i] = s == 0;
                System.arraycopy(xr[r], 0, x, i * p, p);
            }
            if (failures == 0) {
                throw new IllegalArgumentException("no events of cause " + failCode + " among " + n
                        + " subjects: the Fine-Gray model has nothing to fit");
            }
            double[] gm = censoringWeights(t, censoredEvent);
            int blocks = 0;
            double last = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (ici[i] == 1 && !(t[i] == last)) {
                    blocks++;
                    last = t[i];
                }
            }
            int[] start = new int[blocks];
            int[] end = new int[blocks];
            int[] count = new int[blocks];
            double[] g = new double[blocks];
            int k = -1;
            double current = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (ici[i] != 1) {
                    continue;
                }
                if (k < 0 || t[i] != current) {
                    k++;
                    current = t[i];
                    int s = i;
                    while (s > 0 && t[s - 1] == current) {
                        s--;
                    }
                    int e = i;
                    while (e < n && t[e] == current) {
                        e++;
                    }
                    start[k] = s;
                    end[k] = e;
                    g[k] = gm[s];
                }
                count[k]++;
            }
            return new Data(t, ici, x, p, gm, start, end, count, g, failures, competing);
        }

        /** Indices sorting {@code keys} ascending, ties in index order (a merge sort, without boxing). */
        static int[] stableOrder(double[] keys) {
            int n = keys.length;
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i;
            }
            int[] b = new int[n];
            for (int width = 1; width < n; width *= 2) {
                for (int lo = 0; lo < n; lo += 2 * width) {
                    int mid = Math.min(lo + width, n);
                    int hi = Math.min(lo + 2 * width, n);
                    int i = lo;
                    int j = mid;
                    for (int k = lo; k < hi; k++) {
                        b[k] = j >= hi || (i < mid && keys[a[i]] <= keys[a[j]]) ? a[i++] : a[j++];
                    }
                }
                int[] tmp = a;
                a = b;
                b = tmp;
            }
            return a;
        }

        /**
         * G(t_i-) as crr reads it: survfit(Surv(ftime, cenind) ~ 1) and approx(c(min(0, time) - 10 eps, time,
         * max(time) (1 + 10 eps)), c(1, surv, 0), xout = ftime (1 - 100 eps), method = "constant", f = 0,
         * rule = 2).
         */
        private static double[] censoringWeights(double[] t, boolean[] censoredEvent) {
            KaplanMeierFit km = KaplanMeier.fit(t, censoredEvent);
            double[] kt = km.time();
            double[] ks = km.survival();
            int m = kt.length;
            double[] knots = new double[m + 2];
            double[] values = new double[m + 2];
            knots[0] = Math.min(0, kt[0]) - 10 * EPS;
            values[0] = 1;
            System.arraycopy(kt, 0, knots, 1, m);
            System.arraycopy(ks, 0, values, 1, m);
            knots[m + 1] = kt[m - 1] * (1 + 10 * EPS);
            values[m + 1] = 0;
            double[] out = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                double xout = t[i] * (1 - 100 * EPS);
                int j = KaplanMeierFit.upperBound(knots, xout) - 1;
                out[i] = j < 0 ? values[0] : values[j];
            }
            return out;
        }

        /**
         * The negative log pseudo-likelihood, and with {@code derivatives} its gradient and Hessian and the
         * risk-set weight sum and mean at each failure time.
         */
        Objective evaluate(double[] b, boolean derivatives) {
            int blocks = nFail.length;
            double[] lp = new double[n];
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                double wk = 0;
                for (int a = 0; a < p; a++) {
                    wk += x[i * p + a] * b[a];
                }
                lp[i] = wk;
                e[i] = Math.exp(wk);
            }
            // Earlier competing events, weight exp(x'b) / G(t_j-), before each failure time (forwards).
            double[] cw = new double[blocks];
            double[] cmean = new double[blocks * p];
            double[] cm2 = new double[blocks * p * p];
            Moments acc = new Moments(p);
            int j = 0;
            for (int k = 0; k < blocks; k++) {
                for (; j < blockStart[k]; j++) {
                    if (ici[j] == 2) {
                        acc.add(x, j * p, e[j] / gm[j]);
                    }
                }
                cw[k] = acc.w;
                System.arraycopy(acc.mean, 0, cmean, k * p, p);
                System.arraycopy(acc.m2, 0, cm2, k * p * p, p * p);
            }
            // Those still under observation (backwards), united with the competing set scaled by G(T-).
            Moments still = new Moments(p);
            Moments risk = new Moments(p);
            double value = 0;
            double[] score = new double[p];
            double[][] hess = new double[p][p];
            double[] weightSum = new double[blocks];
            double[] mean = new double[blocks * p];
            int i = n - 1;
            for (int k = blocks - 1; k >= 0; k--) {
                for (; i >= blockStart[k]; i--) {
                    still.add(x, i * p, e[i]);
                }
                still.mergeInto(cw[k], cmean, k * p, cm2, k * p * p, gFail[k], risk);
                double twf = nFail[k];
                for (int q = blockStart[k]; q < blockEnd[k]; q++) {
                    if (ici[q] == 1) {
                        value -= lp[q];
                        for (int a = 0; a < p; a++) {
                            score[a] -= x[q * p + a];
                        }
                    }
                }
                value += twf * Math.log(risk.w);
                if (derivatives) {
                    weightSum[k] = risk.w;
                    System.arraycopy(risk.mean, 0, mean, k * p, p);
                    for (int a = 0; a < p; a++) {
                        score[a] += twf * risk.mean[a];
                        for (int c = a; c < p; c++) {
                            hess[a][c] += twf / risk.w * risk.m2[a * p + c];
                        }
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < a; c++) {
                    hess[a][c] = hess[c][a];
                }
            }
            return new Objective(value, score, hess, weightSum, mean);
        }

        /**
         * V = sum_i (eta_i + psi_i)(eta_i + psi_i)', crr's {@code crrvv} {@code v2}, from cumulative sums.
         * eta_i = I(failure) (x_i - xbar(t_i)) - sum over failures at T of (x_i - xbar(T)) w_i(T) / S0(T), with
         * w_i(T) = exp(x_i'b) for T &lt;= t_i, exp(x_i'b) G(T-)/G(t_i-) for T &gt; t_i after a competing event;
         * psi_i = -sum over censoring times u &lt;= t_i of c(u) q(u) / Y(u)^2 + I(censored at t_i) q(t_i) / Y(t_i),
         * with q(u) = sum over failures at T &gt;= u of G(T-)/S0(T) sum over competing events before u of
         * exp(x_j'b)/G(t_j-) (x_j - xbar(T)), Y(u) the number with time &gt;= u.
         */
        double[][] scoreVariance(double[] b, Objective at) {
            int blocks = nFail.length;
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                double wk = 0;
                for (int a = 0; a < p; a++) {
                    wk += x[i * p + a] * b[a];
                }
                e[i] = Math.exp(wk);
            }
            // Per failure time: dN/S0 and dN xbar/S0, with and without G(T-).
            double[] c0 = new double[blocks + 1];
            double[] c1 = new double[(blocks + 1) * p];
            for (int k = 0; k < blocks; k++) {
                double f = nFail[k] / at.weightSum[k];
                c0[k + 1] = c0[k] + f;
                for (int a = 0; a < p; a++) {
                    c1[(k + 1) * p + a] = c1[k * p + a] + f * at.mean[k * p + a];
                }
            }
            // Suffix sums over failure times k' >= k of dN G(T-)/S0 and dN G(T-) xbar/S0.
            double[] d0 = new double[blocks + 1];
            double[] d1 = new double[(blocks + 1) * p];
            for (int k = blocks - 1; k >= 0; k--) {
                double f = nFail[k] * gFail[k] / at.weightSum[k];
                d0[k] = d0[k + 1] + f;
                for (int a = 0; a < p; a++) {
                    d1[k * p + a] = d1[(k + 1) * p + a] + f * at.mean[k * p + a];
                }
            }
            double[][] v2 = new double[p][p];
            double[] st = new double[p];
            double[] b1 = new double[p];
            double[] q = new double[p];
            double[] psiCum = new double[p];
            double bc0 = 0;
            int atOrBefore = 0; // failure times <= current time
            int i = 0;
            while (i < n) {
                double u = t[i];
                int end = i;
                int cens = 0;
                while (end < n && t[end] == u) {
                    cens += ici[end] == 0 ? 1 : 0;
                    end++;
                }
                int before = atOrBefore; // failure times < u
                while (atOrBefore < blocks && t[blockStart[atOrBefore]] <= u) {
                    atOrBefore++;
                }
                double y = n - i;
                if (cens > 0) {
                    for (int a = 0; a < p; a++) {
                        q[a] = b1[a] * d0[before] - bc0 * d1[before * p + a];
                        psiCum[a] -= cens * q[a] / (y * y);
                    }
                }
                for (int r = i; r < end; r++) {
                    for (int a = 0; a < p; a++) {
                        double xa = x[r * p + a];
                        double eta = -e[r] * (xa * c0[atOrBefore] - c1[atOrBefore * p + a]);
                        if (ici[r] == 1) {
                            eta += xa - at.mean[(atOrBefore - 1) * p + a];
                        } else if (ici[r] == 2) {
                            eta -= e[r] / gm[r] * (xa * d0[atOrBefore] - d1[atOrBefore * p + a]);
                        }
                        double psi = psiCum[a] + (ici[r] == 0 ? q[a] / y : 0);
                        st[a] = eta + psi;
                    }
                    for (int a = 0; a < p; a++) {
                        for (int c = a; c < p; c++) {
                            v2[a][c] += st[a] * st[c];
                        }
                    }
                }
                // Competing events at u join the sums over competing events before later times.
                for (int r = i; r < end; r++) {
                    if (ici[r] == 2) {
                        double w = e[r] / gm[r];
                        bc0 += w;
                        for (int a = 0; a < p; a++) {
                            b1[a] += w * x[r * p + a];
                        }
                    }
                }
                i = end;
            }
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < a; c++) {
                    v2[a][c] = v2[c][a];
                }
            }
            return v2;
        }
    }

    /** Small dense linear algebra with R's failure rules for {@code solve()}. */
    static final class Linear {
        private Linear() {
        }

        /** A^-1 rhs by LU with partial pivoting (LAPACK dgesv, as R's solve). */
        static double[] solve(double[][] a, double[] rhs, List<String> names) {
            double[][] inv = inverse(a, names);
            int p = rhs.length;
            double[] out = new double[p];
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    s += inv[i][j] * rhs[j];
                }
                out[i] = s;
            }
            return out;
        }

        /**
         * A^-1, refusing as R's solve() does: an exactly zero pivot, or a reciprocal condition number (1-norm)
         * below machine epsilon.
         */
        static double[][] inverse(double[][] a, List<String> names) {
            int p = a.length;
            double[][] lu = new double[p][];
            for (int i = 0; i < p; i++) {
                lu[i] = a[i].clone();
            }
            int[] perm = new int[p];
            for (int i = 0; i < p; i++) {
                perm[i] = i;
            }
            for (int col = 0; col < p; col++) {
                int piv = col;
                for (int r = col + 1; r < p; r++) {
                    if (Math.abs(lu[r][col]) > Math.abs(lu[piv][col])) {
                        piv = r;
                    }
                }
                if (!(lu[piv][col] != 0) || Double.isNaN(lu[piv][col])) {
                    throw singular(names, 0);
                }
                double[] tmp = lu[piv];
                lu[piv] = lu[col];
                lu[col] = tmp;
                int tp = perm[piv];
                perm[piv] = perm[col];
                perm[col] = tp;
                for (int r = col + 1; r < p; r++) {
                    double f = lu[r][col] / lu[col][col];
                    lu[r][col] = f;
                    for (int c = col + 1; c < p; c++) {
                        lu[r][c] -= f * lu[col][c];
                    }
                }
            }
            double[][] inv = new double[p][p];
            for (int k = 0; k < p; k++) {
                double[] y = new double[p];
                for (int i = 0; i < p; i++) {
                    double s = perm[i] == k ? 1 : 0;
                    for (int j = 0; j < i; j++) {
                        s -= lu[i][j] * y[j];
                    }
                    y[i] = s;
                }
                for (int i = p - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int j = i + 1; j < p; j++) {
                        s -= lu[i][j] * inv[j][k];
                    }
                    inv[i][k] = s / lu[i][i];
                }
            }
            double rcond = 1 / (norm1(a) * norm1(inv));
            if (!(rcond >= EPS)) {
                throw singular(names, rcond);
            }
            return inv;
        }

        /** h m h'. */
        static double[][] sandwich(double[][] h, double[][] m) {
            int p = h.length;
            double[][] hm = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int k = 0; k < p; k++) {
                        s += h[i][k] * m[k][j];
                    }
                    hm[i][j] = s;
                }
            }
            double[][] out = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int k = 0; k < p; k++) {
                        s += hm[i][k] * h[j][k];
                    }
                    out[i][j] = s;
                }
            }
            return out;
        }

        private static double norm1(double[][] a) {
            double max = 0;
            for (int j = 0; j < a.length; j++) {
                double s = 0;
                for (double[] row : a) {
                    s += Math.abs(row[j]);
                }
                max = Math.max(max, s);
            }
            return max;
        }

        private static IllegalArgumentException singular(List<String> names, double rcond) {
            return new IllegalArgumentException("the Fine-Gray information matrix is singular" + (rcond > 0
                    ? " (reciprocal condition number " + rcond + ")" : "") + ": one of the terms " + names
                    + " is constant or a combination of others among the subjects at risk; drop or merge it");
        }
    }
}
