package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * Cox proportional hazards regression for right-censored data, reproducing R's {@code coxph}
 * (survival 3.5-3, routine {@code coxfit6}) so that its numbers can be checked against R to 1e-9.
 *
 * <p>Algorithm (Therneau &amp; Grambsch 2000, ch. 3; the survival package's coxfit6): covariates are centred
 * on their weighted mean and scaled by sum(w) / sum(w |x - mean|), except columns whose values all lie in
 * {-1, 0, 1}, which are left as they are. Starting from beta = 0, Newton-Raphson steps solve I(beta) d = U(beta)
 * by an LDL' Cholesky decomposition with pivot tolerance {@code tolerChol}; iteration stops when
 * |1 - l_old / l_new| &lt;= eps. When the log-likelihood falls, the step is pulled back towards the best beta
 * (step halving, progressively more aggressive). Data are sorted once by time; each iteration accumulates
 * the risk-set sums from the largest time down, so it costs O(n p^2).
 *
 * <p>Aliased terms as R's {@code coxph} (its default {@code singular.ok = TRUE}): a column whose Cholesky pivot
 * falls below {@code toler.chol} times the largest diagonal of the information matrix (constant among the rows
 * used, or a linear combination of earlier columns) keeps beta = 0 through the iterations (cholesky2 and
 * chsolve2 skip it); when the fit converges, every term whose variance is then 0 is reported as aliased (NaN,
 * R's {@code NA}), with a warning naming it, and the likelihood-ratio, Wald and score tests count only the
 * estimated terms (R's {@code coxph.fit}: {@code which.sing <- diag(var) == 0}; {@code summary.coxph}: df =
 * the non-NA coefficients). Of two collinear columns the later one in column order is the aliased one.
 * Strata and offsets are not supported.
 */
public final class CoxRegression {

    /** Exponents are shifted so that the largest is at most this: sums of 10^8 terms stay finite. */
    static final double MAX_EXPONENT = 600.0;

    private CoxRegression() {
    }

    /**
     * Fits with R's defaults (Efron ties, 95% intervals).
     *
     * @see #fit(CoxData, CoxOptions)
     */
    public static CoxFit fit(CoxData data) {
        return fit(data, CoxOptions.defaults());
    }

    /**
     * Fits the Cox model.
     *
     * @param data    survival times, events, design matrix and case weights (validated by {@link CoxData})
     * @param options ties, confidence level and convergence controls
     * @return the fit; {@code converged() == false} with a warning when the likelihood is monotone or the
     *         iterations ran out; aliased terms (constant or collinear columns) NaN with a warning
     */
    public static CoxFit fit(CoxData data, CoxOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        return fit(data.input(), options);
    }

    /**
     * Fits the Cox model with unit weights to the rows a column-stored design kept: the same fit, to the
     * last bit, as {@code fit(CoxData.of(time, event, design.build()), options)}, without a million row arrays.
     *
     * @param time    follow-up time per input row of the design, finite
     * @param event   event indicator per input row of the design
     * @param design  the covariates of the complete rows ({@link DesignMatrix.Builder#buildColumns()})
     * @param options ties, confidence level and convergence controls
     * @throws IllegalArgumentException as {@link CoxData} and {@link CoxData#of}: no rows or no events, a
     *                                  length mismatch, a non-finite time or covariate
     */
    public static CoxFit fit(double[] time, boolean[] event, DesignMatrix.Columns design, CoxOptions options) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(options, "options");
        return fit(CoxResponse.rightCensored(time, event).input(design), options);
    }

    /**
     * Fits the Cox model to the rows a column-stored design kept, with the response's entry times, weights,
     * strata and clusters: R's {@code coxph(Surv(start, stop, event) ~ x + strata(s) + cluster(c), weights = w)}.
     * Without any of those it is {@link #fit(double[], boolean[], DesignMatrix.Columns, CoxOptions)}.
     *
     * @throws IllegalArgumentException as {@link CoxData}: no rows or no events, a length mismatch, a non-finite
     *                                  time or covariate, a start not before its stop, a weight not &gt; 0
     */
    public static CoxFit fit(CoxResponse y, DesignMatrix.Columns design, CoxOptions options) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(options, "options");
        return fit(y.input(design), options);
    }

    static CoxFit fit(CoxInput data, CoxOptions options) {
        CoxAccumulation e = data.general() ? new CoxGeneralAccumulation(data, options.ties())
                : new Engine(data, options.ties());
        // R fits (start, stop] data with agreg.fit (C agfit4), whose conventions differ from coxph.fit's in small
        // ways noted below; right-censored data, stratified or not, with coxph.fit (coxfit6).
        boolean agreg = data.start() != null;
        int p = e.p;
        List<String> names = data.termNames();

        // Score test and first step at beta = 0 (coxfit6: "the initial iteration step").
        double[] beta = new double[p];
        double[] newBeta = new double[p];
        double loglik0 = e.iterate(beta);
        double[] a = e.u.clone();
        double[][] chol = copy(e.imat);
        // A zero pivot (an aliased column) leaves that coordinate of the step at 0, here and in every iteration.
        int rank0 = cholesky(chol, p, options.tolerChol());
        solve(chol, p, a);
        double scoreStat = 0;
        for (int i = 0; i < p; i++) {
            scoreStat += e.u[i] * a[i];
            newBeta[i] = beta[i] + a[i];
        }

        double best = loglik0;
        int halving = 0;
        int iter;
        boolean done = false;
        double[][] info = null;
        for (iter = 1; iter <= options.iterMax(); iter++) {
            double newlk = e.iterate(newBeta);
            info = copy(e.imat);
            int rank = cholesky(info, p, options.tolerChol());
            boolean notFinite = !Double.isFinite(newlk);
            for (int i = 0; i < p && !notFinite; i++) {
                notFinite = !Double.isFinite(e.u[i]);
                for (int j = 0; j < p; j++) {
                    notFinite |= !Double.isFinite(info[i][j]);
                }
            }
            // agfit4 also counts a change of rank as a failure, and never stops on a halved step.
            boolean failed = notFinite || (agreg && rank != rank0);
            if (!failed && (!agreg || halving == 0) && Math.abs(1 - best / newlk) <= options.eps()) {
                best = newlk;
                System.arraycopy(newBeta, 0, beta, 0, p);
                done = true;
                break;
            }
            if (failed || newlk < best) {
                // Not improving: move back towards the best beta, harder each time (coxfit6).
                halving++;
                for (int i = 0; i < p; i++) {
                    newBeta[i] = (newBeta[i] + halving * beta[i]) / (halving + 1.0);
                }
            } else {
                halving = 0;
                best = newlk;
                double[] step = e.u.clone();
                solve(info, p, step);
                for (int i = 0; i < p; i++) {
                    beta[i] = newBeta[i];
                    newBeta[i] = newBeta[i] + step[i];
                }
            }
        }
        double[] uFinal;
        if (!done) {
            // Ran out of iterations (iter is now iterMax + 1, as R reports it): report the last accepted beta
            // with its log-likelihood. R 3.5-3 then inverts only the diagonal of that beta's information
            // matrix; the full inverse is used here, so se may differ from R's in this (flagged) case.
            best = e.iterate(beta);
            info = copy(e.imat);
            cholesky(info, p, options.tolerChol());
        }
        uFinal = e.u.clone();
        invert(info, p);

        // Back to the original scale of the covariates.
        double[] coef = new double[p];
        double[][] var = new double[p][p];
        for (int i = 0; i < p; i++) {
            coef[i] = beta[i] * e.scale[i];
            uFinal[i] /= e.scale[i];
            for (int j = 0; j < p; j++) {
                double v = i <= j ? info[i][j] : info[j][i];
                var[i][j] = v * e.scale[i] * e.scale[j];
            }
        }

        List<String> warnings = new ArrayList<>();
        double[] lp = e.linearPredictorOriginalOrder(coef, data);
        boolean converged = done;
        if (!done) {
            warnings.add("Ran out of iterations and did not converge");
            double maxLp = Double.NEGATIVE_INFINITY;
            for (double v : lp) {
                maxLp = Math.max(maxLp, v);
            }
            if (!agreg && (maxLp > 500 || !allFinite(uFinal))) {
                warnings.add("one or more coefficients may be infinite");
            }
        } else {
            // R's check for a coefficient that the likelihood only approaches asymptotically: the one-step
            // change |U V| is still large relative to the coefficient although the log-likelihood converged.
            // coxph.fit: |UV| > eps and > toler.inf |coef|; agreg.fit: |UV| > toler.inf (1 + |coef|).
            List<Integer> infinite = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    s += uFinal[j] * var[j][i];
                }
                double inf = Math.abs(s);
                boolean large = agreg ? inf > options.tolerInf() * (1 + Math.abs(coef[i]))
                        : inf > options.eps() && inf > options.tolerInf() * Math.abs(coef[i]);
                if (!Double.isFinite(uFinal[i]) || large) {
                    infinite.add(i + 1);
                }
            }
            if (!infinite.isEmpty()) {
                converged = false;
                StringBuilder sb = new StringBuilder("Loglik converged before variable ");
                for (int k = 0; k < infinite.size(); k++) {
                    sb.append(k == 0 ? "" : ",").append(infinite.get(k));
                }
                sb.append(" (");
                for (int k = 0; k < infinite.size(); k++) {
                    sb.append(k == 0 ? "" : ", ").append(names.get(infinite.get(k) - 1));
                }
                sb.append(agreg ? "); beta may be infinite." : "); coefficient may be infinite.");
                warnings.add(sb.toString());
            }
        }

        // A zero variance marks a column whose pivot was below tolerance at the fit. In a converged fit that is
        // R's aliased term (coxph.fit: which.sing <- diag(var) == 0, coefficient NA). When the iterations ran
        // out R flags nothing (flag 1000) and prints the coefficient with se 0; a diverging coefficient is not
        // an estimate, so it is reported with its standard error unavailable and a warning instead.
        boolean[] aliased = new boolean[p];
        List<String> singular = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            if (!(var[i][i] > 0)) {
                aliased[i] = done;
                singular.add((i + 1) + " (" + names.get(i) + ")");
            }
        }
        if (!singular.isEmpty() && done) {
            // R's wording (coxph, used when singular.ok = FALSE), with the names added.
            warnings.add("X matrix deemed to be singular; variable " + String.join(" ", singular)
                    + ": coefficient not estimable (NA), the rest fitted without it.");
        } else if (!singular.isEmpty()) {
            warnings.add("Information matrix singular at the fit for variable " + String.join(",", singular)
                    + "; coefficient may be infinite, its standard error is not available.");
        }

        // Clusters: R's robust (sandwich) variance D'D, D the dfbeta residuals summed per cluster, replaces the
        // model variance in the Wald tests and intervals; the robust score test comes beside the score test.
        double[][] robust = null;
        CoxTest robustScore = null;
        int estimatedTerms = 0;
        for (boolean al : aliased) {
            estimatedTerms += al ? 0 : 1;
        }
        if (data.cluster() != null) {
            CoxGeneralAccumulation g = (CoxGeneralAccumulation) e;
            robust = g.robustVariance(beta, var);
            robustScore = CoxTest.of(g.robustScoreStatistic(options.tolerChol()), estimatedTerms);
        }

        double zq = new NormalDistribution().inverseCumulativeProbability(1 - (1 - options.confidenceLevel()) / 2);
        List<CoxTerm> terms = new ArrayList<>(p);
        int estimated = 0;
        for (int i = 0; i < p; i++) {
            if (aliased[i]) {
                terms.add(CoxTerm.aliased(names.get(i)));
                continue;
            }
            estimated++;
            double se = var[i][i] > 0 ? Math.sqrt(var[i][i]) : Double.NaN;
            if (robust == null) {
                double z = coef[i] / se;
                terms.add(new CoxTerm(names.get(i), coef[i], se, Math.exp(coef[i]), Math.exp(coef[i] - zq * se),
                        Math.exp(coef[i] + zq * se), z, twoSidedNormalP(z)));
            } else {
                // summary.coxph: z, p and the interval from the robust standard error.
                double rse = robust[i][i] > 0 ? Math.sqrt(robust[i][i]) : Double.NaN;
                double z = coef[i] / rse;
                terms.add(new CoxTerm(names.get(i), coef[i], se, Math.exp(coef[i]), Math.exp(coef[i] - zq * rse),
                        Math.exp(coef[i] + zq * rse), z, twoSidedNormalP(z), rse));
            }
        }
        // summary.coxph: every test on the number of non-NA coefficients.
        CoxTest lr = CoxTest.of(2 * (best - loglik0), estimated);
        CoxTest wald = CoxTest.of(waldStatistic(coef, robust == null ? var : robust, aliased, options.tolerChol()),
                estimated);
        CoxTest score = CoxTest.of(scoreStat, estimated);
        Concordance c = e.concordance(lp);
        return new CoxFit(terms, options.ties(), options.confidenceLevel(), e.n, e.events, loglik0, best, lr, wald,
                score, c, iter, converged, warnings, var, e.means, robust, robustScore);
    }

    /** Two-sided p from the upper tail: P(|Z| &gt;= |z|) = erfc(|z| / sqrt 2). */
    static double twoSidedNormalP(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    /**
     * beta' V^-1 beta by Cholesky of V over the estimated terms, as R's {@code coxph}:
     * {@code coxph.wtest(var[nabeta, nabeta], coef[nabeta], toler.chol)}.
     */
    private static double waldStatistic(double[] coef, double[][] var, boolean[] aliased, double toler) {
        int[] keep = new int[coef.length];
        int p = 0;
        for (int i = 0; i < coef.length; i++) {
            if (!aliased[i]) {
                keep[p++] = i;
            }
        }
        double[][] v = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            b[i] = coef[keep[i]];
            for (int j = 0; j < p; j++) {
                v[i][j] = var[keep[i]][keep[j]];
            }
        }
        double[] beta = b.clone();
        cholesky(v, p, toler);
        solve(v, p, b);
        double s = 0;
        for (int i = 0; i < p; i++) {
            s += beta[i] * b[i];
        }
        return s;
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    // ---- LDL' Cholesky with R's conventions (survival's cholesky2 / chsolve2 / chinv2) ----

    /**
     * In-place LDL' of a symmetric matrix (upper triangle read, factor in the lower triangle, D on the diagonal).
     * Pivots below toler times the largest diagonal are set to 0 (the column is treated as aliased).
     *
     * @return the rank, negated when the matrix is clearly not non-negative definite
     */
    static int cholesky(double[][] m, int n, double toler) {
        double eps = 0;
        for (int i = 0; i < n; i++) {
            eps = Math.max(eps, m[i][i]);
            for (int j = i + 1; j < n; j++) {
                m[j][i] = m[i][j];
            }
        }
        eps = eps == 0 ? toler : eps * toler;
        int rank = 0;
        int sign = 1;
        for (int i = 0; i < n; i++) {
            double pivot = m[i][i];
            if (!Double.isFinite(pivot) || pivot < eps) {
                m[i][i] = 0;
                if (pivot < -8 * eps) {
                    sign = -1;
                }
            } else {
                rank++;
                for (int j = i + 1; j < n; j++) {
                    double t = m[j][i] / pivot;
                    m[j][i] = t;
                    m[j][j] -= t * t * pivot;
                    for (int k = j + 1; k < n; k++) {
                        m[k][j] -= t * m[k][i];
                    }
                }
            }
        }
        return rank * sign;
    }

    /** Solves A b = y in place given the LDL' factor of A; aliased coordinates get 0. */
    static void solve(double[][] m, int n, double[] y) {
        for (int i = 0; i < n; i++) {
            double t = y[i];
            for (int j = 0; j < i; j++) {
                t -= y[j] * m[i][j];
            }
            y[i] = t;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (m[i][i] == 0) {
                y[i] = 0;
            } else {
                double t = y[i] / m[i][i];
                for (int j = i + 1; j < n; j++) {
                    t -= y[j] * m[j][i];
                }
                y[i] = t;
            }
        }
    }

    /** Replaces the LDL' factor by the inverse in the upper triangle and diagonal; aliased rows become 0. */
    static void invert(double[][] m, int n) {
        for (int i = 0; i < n; i++) {
            if (m[i][i] > 0) {
                m[i][i] = 1 / m[i][i];
                for (int j = i + 1; j < n; j++) {
                    m[j][i] = -m[j][i];
                    for (int k = 0; k < i; k++) {
                        m[j][k] += m[j][i] * m[i][k];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (m[i][i] == 0) {
                for (int j = 0; j < i; j++) {
                    m[j][i] = 0;
                }
                for (int j = i; j < n; j++) {
                    m[i][j] = 0;
                }
            } else {
                for (int j = i + 1; j < n; j++) {
                    double t = m[j][i] * m[j][j];
                    m[i][j] = t;
                    for (int k = i; k < j; k++) {
                        m[i][k] += t * m[j][k];
                    }
                }
            }
        }
    }

    /** Sorted, centred and scaled data with the per-iteration accumulation of coxfit6. */
    private static final class Engine extends CoxAccumulation {
        final boolean efron;
        final int[] order;
        final double[] rawTime;
        final boolean[] rawEvent;
        final double[] rawWeights;
        final double[] time;
        final boolean[] dead;
        final double[] w;
        final double[][] z;
        private final double[] eta;
        private final double[] a;
        private final double[] a2;
        private final double[][] cmat;
        private final double[][] cmat2;

        Engine(CoxInput data, CoxTies ties) {
            n = data.n();
            p = data.termNames().size();
            efron = ties == CoxTies.EFRON;
            rawTime = new double[n];
            rawEvent = new boolean[n];
            rawWeights = new double[n];
            for (int i = 0; i < n; i++) {
                rawTime[i] = data.time(i);
                rawEvent[i] = data.event(i);
                rawWeights[i] = data.weight(i);
            }
            order = CoxIndexSort.ascending(rawTime);
            time = new double[n];
            dead = new boolean[n];
            w = new double[n];
            z = new double[p][n];
            int ev = 0;
            for (int q = 0; q < n; q++) {
                int i = order[q];
                time[q] = rawTime[i];
                dead[q] = rawEvent[i];
                ev += dead[q] ? 1 : 0;
                w[q] = rawWeights[i];
            }
            data.gather(order, z);
            events = ev;
            means = new double[p];
            scale = new double[p];
            double wsum = 0;
            for (int q = 0; q < n; q++) {
                wsum += w[q];
            }
            for (int k = 0; k < p; k++) {
                double[] col = z[k];
                boolean zeroOne = true;
                for (int q = 0; q < n; q++) {
                    double v = col[q];
                    zeroOne &= v == 0 || v == 1 || v == -1;
                }
                // A constant column is not refused: centred it is all 0 (scale 1, coxfit6's "rare case of a
                // constant covariate"), or left as a constant 0/1 column; either way its information is 0 and
                // the Cholesky pivot marks it aliased, as in R.
                if (zeroOne) {
                    // R's coxph passes nocenter = c(-1, 0, 1): such columns are neither centred nor scaled.
                    scale[k] = 1.0;
                    means[k] = 0.0;
                    continue;
                }
                double m = 0;
                for (int q = 0; q < n; q++) {
                    m += w[q] * col[q];
                }
                m /= wsum;
                means[k] = m;
                double abs = 0;
                for (int q = 0; q < n; q++) {
                    col[q] -= m;
                    abs += w[q] * Math.abs(col[q]);
                }
                double s = abs > 0 ? wsum / abs : 1.0;
                scale[k] = s;
                for (int q = 0; q < n; q++) {
                    col[q] *= s;
                }
            }
            u = new double[p];
            imat = new double[p][p];
            eta = new double[n];
            a = new double[p];
            a2 = new double[p];
            cmat = new double[p][p];
            cmat2 = new double[p][p];
        }

        /**
         * Log partial likelihood at beta (scaled units); fills the score u and the information imat
         * (upper triangle, imat[j][i] for j &lt;= i, mirrored at the end).
         */
        @Override
        double iterate(double[] beta) {
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
            double etaMax = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < n; q++) {
                etaMax = Math.max(etaMax, eta[q]);
            }
            // Only shift when exp would come near overflow: a full shift by the maximum could underflow the
            // late risk sets to 0, which R's unshifted sums would not.
            double shift = etaMax > MAX_EXPONENT ? etaMax - MAX_EXPONENT : 0.0;
            double loglik = 0;
            for (int i = 0; i < p; i++) {
                u[i] = 0;
                a[i] = 0;
                a2[i] = 0;
                for (int j = 0; j < p; j++) {
                    imat[i][j] = 0;
                    cmat[i][j] = 0;
                    cmat2[i][j] = 0;
                }
            }
            double denom = 0;
            int q = n - 1;
            while (q >= 0) {
                double dtime = time[q];
                int ndead = 0;
                double deadwt = 0;
                double denom2 = 0;
                while (q >= 0 && time[q] == dtime) {
                    double zb = eta[q];
                    double risk = Math.exp(zb - shift) * w[q];
                    if (!dead[q]) {
                        denom += risk;
                        for (int i = 0; i < p; i++) {
                            double rz = risk * z[i][q];
                            a[i] += rz;
                            double[] ci = cmat[i];
                            for (int j = 0; j <= i; j++) {
                                ci[j] += rz * z[j][q];
                            }
                        }
                    } else {
                        ndead++;
                        deadwt += w[q];
                        denom2 += risk;
                        loglik += w[q] * zb;
                        for (int i = 0; i < p; i++) {
                            double zi = z[i][q];
                            u[i] += w[q] * zi;
                            double rz = risk * zi;
                            a2[i] += rz;
                            double[] ci = cmat2[i];
                            for (int j = 0; j <= i; j++) {
                                ci[j] += rz * z[j][q];
                            }
                        }
                    }
                    q--;
                }
                if (ndead > 0) {
                    if (!efron || ndead == 1) {
                        denom += denom2;
                        loglik -= deadwt * (Math.log(denom) + shift);
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
                        // Efron: the k-th of d tied deaths sees the risk set with (d-1-k)/d of the tied
                        // deaths' risk removed; adding D/d at a time walks through the d terms.
                        double wtave = deadwt / ndead;
                        for (int k = 0; k < ndead; k++) {
                            denom += denom2 / ndead;
                            loglik -= wtave * (Math.log(denom) + shift);
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
                    for (int i = 0; i < p; i++) {
                        a2[i] = 0;
                        for (int j = 0; j < p; j++) {
                            cmat2[i][j] = 0;
                        }
                    }
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < i; j++) {
                    imat[i][j] = imat[j][i];
                }
            }
            return loglik;
        }

        @Override
        Concordance concordance(double[] lp) {
            // Ties in time are in input order within order, as Concordance.of would sort them.
            return Concordance.compute(rawTime, rawEvent, lp, rawWeights, order);
        }

        @Override
        double[] linearPredictorOriginalOrder(double[] coef, CoxInput data) {
            double[] lp = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < p; k++) {
                    s += coef[k] * data.x(i, k);
                }
                double c = 0;
                for (int k = 0; k < p; k++) {
                    c += coef[k] * means[k];
                }
                lp[i] = s - c;
            }
            return lp;
        }
    }
}
