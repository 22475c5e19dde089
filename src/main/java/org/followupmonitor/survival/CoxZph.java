package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.special.Gamma;

/**
 * The proportional-hazards test of a Cox fit, as R's {@code cox.zph} in survival 3.x: for each term, the score test
 * of gamma = 0 in the model with the added covariates x g(t), at the fitted beta and gamma = 0 (Grambsch &amp;
 * Therneau, Biometrika 1994; Therneau &amp; Grambsch 2000, sec. 6.2), computed exactly from the full 2p x 2p
 * information matrix (survival 3.0 and later; the earlier approximation from the scaled Schoenfeld residuals gives
 * other numbers). A term's statistic uses the beta columns and that term's g(t) columns; GLOBAL uses all.
 *
 * <p>g(t) is the transform of each row's follow-up (stop) time, centred on its mean over the rows with an event. A
 * pure function of the fit and the data it was fitted to: (start, stop] rows, strata and case weights as in the fit;
 * clusters play no part (R uses the model-based information here too).
 */
public final class CoxZph {
    private CoxZph() {
    }

    /**
     * The test with each column of the design as its own term.
     *
     * @param fit  a fit of exactly these data
     * @param data the data the fit was fitted to
     * @throws IllegalArgumentException when the fit's terms or size do not match the data, or no term is estimated
     */
    public static ZphResult test(CoxFit fit, CoxData data, ZphTransform transform) {
        Objects.requireNonNull(data, "data");
        Map<String, List<String>> each = new LinkedHashMap<>();
        data.termNames().forEach(t -> each.put(t, List.of(t)));
        return test(fit, data.input(), transform, each);
    }

    /**
     * The test with the design's columns grouped into terms by covariate (a factor's levels together, R's
     * {@code terms = TRUE}).
     *
     * @param fit    a fit of {@code CoxRegression.fit(y, design, options)}
     * @throws IllegalArgumentException as {@link #test(CoxFit, CoxData, ZphTransform)}
     */
    public static ZphResult test(CoxFit fit, CoxResponse y, DesignMatrix.Columns design, ZphTransform transform) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(design, "design");
        Map<String, List<String>> byCovariate = new LinkedHashMap<>();
        for (DesignMatrix.Term t : design.terms()) {
            byCovariate.computeIfAbsent(t.covariate(), k -> new ArrayList<>()).add(t.name());
        }
        return test(fit, y.input(design), transform, byCovariate);
    }

    static ZphResult test(CoxFit fit, CoxInput data, ZphTransform transform, Map<String, List<String>> groups) {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(transform, "transform");
        List<String> names = data.termNames();
        List<String> fitted = fit.terms().stream().map(CoxTerm::name).toList();
        if (!fitted.equals(names) || fit.n() != data.n()) {
            throw new IllegalArgumentException("the fit (" + fit.n() + " rows, terms " + fitted + ") is not a fit of "
                    + "these data (" + data.n() + " rows, terms " + names + ")");
        }
        // R drops the NA (aliased) coefficients and the terms left without columns.
        int[] keep = new int[names.size()];
        int p = 0;
        Map<String, Integer> column = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            if (!fit.terms().get(k).aliased()) {
                column.put(names.get(k), p);
                keep[p++] = k;
            }
        }
        if (p == 0) {
            throw new IllegalArgumentException("no estimated coefficient: every term is aliased");
        }
        int nvar = p;
        double[] means = fit.means();
        double[] beta = new double[nvar];
        double[] center = new double[nvar];
        for (int c = 0; c < nvar; c++) {
            beta[c] = fit.terms().get(keep[c]).coef();
            center[c] = means[keep[c]];
        }
        CoxInput kept = restrict(data, keep, nvar);
        int n = data.n();
        double[] g = centredTransform(data, transform);

        CoxGeneralAccumulation acc = new CoxGeneralAccumulation(kept, fit.ties());
        double[] scaled = new double[nvar];
        for (int c = 0; c < nvar; c++) {
            scaled[c] = beta[c] / acc.scale[c];
        }
        double[] u = new double[2 * nvar];
        double[][] imat = new double[2 * nvar][2 * nvar];
        acc.timeWeighted(scaled, g, u, imat);

        List<ZphResult.Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> term : groups.entrySet()) {
            List<Integer> cols = new ArrayList<>();
            for (String name : term.getValue()) {
                Integer c = column.get(name);
                if (c != null) {
                    cols.add(c);
                }
            }
            if (cols.isEmpty()) {
                continue;
            }
            rows.add(row(term.getKey(), u, imat, nvar, cols));
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < nvar; c++) {
            all.add(c);
        }
        return new ZphResult(transform, rows, row("GLOBAL", u, imat, nvar, all));
    }

    /** u' I^-1 u over the beta columns and the given g(t) columns, u being 0 on the beta columns. */
    private static ZphResult.Row row(String name, double[] u, double[][] imat, int nvar, List<Integer> cols) {
        int m = nvar + cols.size();
        int[] idx = new int[m];
        for (int i = 0; i < nvar; i++) {
            idx[i] = i;
        }
        for (int j = 0; j < cols.size(); j++) {
            idx[nvar + j] = nvar + cols.get(j);
        }
        double[][] sub = new double[m][m];
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                sub[i][j] = imat[idx[i]][idx[j]];
            }
            v[i] = i < nvar ? 0 : u[idx[i]];
        }
        double[] sol = v.clone();
        boolean finite = true;
        for (double[] r : sub) {
            for (double d : r) {
                finite &= Double.isFinite(d);
            }
        }
        for (double d : v) {
            finite &= Double.isFinite(d);
        }
        // R solves with LAPACK and stops on a singular matrix: a pivot below the tolerance gives no number here.
        int rank = finite ? CoxRegression.cholesky(sub, m, CoxOptions.DEFAULT_TOLER_CHOL) : 0;
        int df = cols.size();
        if (!finite || rank != m) {
            return new ZphResult.Row(name, Double.NaN, df, Double.NaN);
        }
        CoxRegression.solve(sub, m, sol);
        double stat = 0;
        for (int i = 0; i < m; i++) {
            stat += v[i] * sol[i];
        }
        double p = stat <= 0 ? 1.0 : Gamma.regularizedGammaQ(df / 2.0, stat / 2.0);
        return new ZphResult.Row(name, stat, df, p);
    }

    /** The input with only the given columns. */
    private static CoxInput restrict(CoxInput data, int[] keep, int nvar) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < nvar; c++) {
            names.add(data.termNames().get(keep[c]));
        }
        return new CoxInput() {
            @Override
            public int n() {
                return data.n();
            }

            @Override
            public List<String> termNames() {
                return names;
            }

            @Override
            public double time(int i) {
                return data.time(i);
            }

            @Override
            public boolean event(int i) {
                return data.event(i);
            }

            @Override
            public double weight(int i) {
                return data.weight(i);
            }

            @Override
            public double x(int i, int k) {
                return data.x(i, keep[k]);
            }

            @Override
            public double[] start() {
                return data.start();
            }

            @Override
            public int[] strata() {
                return data.strata();
            }
        };
    }

    /** g(t_i) - mean of g over the rows with an event, per row (R: {@code gtime <- ttimes - mean(ttimes[event])}). */
    static double[] centredTransform(CoxInput data, ZphTransform transform) {
        int n = data.n();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = data.time(i);
        }
        double[] g = switch (transform) {
            case IDENTITY -> t.clone();
            case LOG -> {
                double[] l = new double[n];
                for (int i = 0; i < n; i++) {
                    l[i] = Math.log(t[i]);
                }
                yield l;
            }
            case RANK -> averageRanks(t);
            case KM -> oneMinusKmBefore(data);
        };
        double sum = 0;
        int events = 0;
        for (int i = 0; i < n; i++) {
            if (data.event(i)) {
                sum += g[i];
                events++;
            }
        }
        double mean = sum / events;
        for (int i = 0; i < n; i++) {
            g[i] -= mean;
        }
        return g;
    }

    /** R's {@code rank(x)}: 1-based ranks, ties given their average rank. */
    static double[] averageRanks(double[] x) {
        int n = x.length;
        int[] asc = CoxIndexSort.ascending(x);
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[asc[j + 1]] == x[asc[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[asc[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * 1 - S(t-) per row, S the unweighted Kaplan-Meier curve of all rows (risk sets start &lt; t &lt;= stop for
     * (start, stop] rows), read just before the row's stop time: R's {@code survfitKM} on the fit's response and
     * {@code findInterval(times, km$time, left.open = TRUE)}.
     */
    private static double[] oneMinusKmBefore(CoxInput data) {
        int n = data.n();
        double[] stop = new double[n];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            stop[i] = data.time(i);
            event[i] = data.event(i);
        }
        double[] start = data.start();
        KaplanMeierFit km = KaplanMeier.fitCounting(start, stop, event);
        double[] times = km.time();
        double[] surv = km.survival();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // The last curve time strictly before the row's time.
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < stop[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = 1.0 - (lo == 0 ? 1.0 : surv[lo - 1]);
        }
        return out;
    }
}
