package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fitted Kaplan-Meier curve, laid out as R's {@code survfit} object: one row per distinct time
 * (event or censoring). Build it with {@link KaplanMeier#fit(RiskTable)}.
 *
 * @param time distinct sorted times
 * @param nRisk number at risk at each time
 * @param nEvent events at each time
 * @param nCensor censorings at each time
 * @param survival S(t) at each time (right-continuous)
 * @param stdErr Greenwood standard error of -log S, R's stored {@code std.err}; +Infinity once
 *     everyone at risk has had the event (n = d)
 * @param cumulativeHazard Nelson-Aalen cumulative hazard
 * @param cumulativeHazardVariance its variance, sum d / n^2
 */
public record KaplanMeierFit(double[] time, double[] nRisk, double[] nEvent, double[] nCensor, double[] survival,
        double[] stdErr, double[] cumulativeHazard, double[] cumulativeHazardVariance) {

    /** R's default tolerance for quantiles, {@code sqrt(.Machine$double.eps)} = 1.49e-8. */
    public static final double QUANTILE_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    /** @throws IllegalArgumentException if an array is null or the lengths differ */
    public KaplanMeierFit {
        double[][] all = {time, nRisk, nEvent, nCensor, survival, stdErr, cumulativeHazard, cumulativeHazardVariance};
        for (double[] a : all) {
            if (a == null || a.length != all[0].length) {
                throw new IllegalArgumentException("KaplanMeierFit arrays must be non-null and of equal length");
            }
        }
        time = time.clone();
        nRisk = nRisk.clone();
        nEvent = nEvent.clone();
        nCensor = nCensor.clone();
        survival = survival.clone();
        stdErr = stdErr.clone();
        cumulativeHazard = cumulativeHazard.clone();
        cumulativeHazardVariance = cumulativeHazardVariance.clone();
    }

    /** @return the number of rows (distinct times) */
    public int size() {
        return time.length;
    }

    /** @return the (weighted) number of subjects: the number at risk at the first time, 0 if empty */
    public double n() {
        return time.length == 0 ? 0 : nRisk[0];
    }

    /** @return total (weighted) events */
    public double events() {
        double s = 0;
        for (double d : nEvent) {
            s += d;
        }
        return s;
    }

    /**
     * @return the Greenwood standard error of S at each time, S x stdErr, as {@code summary()} prints
     *     it; NaN where S = 0 and stdErr is infinite
     */
    public double[] survivalStandardError() {
        double[] out = new double[time.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = survival[i] * stdErr[i];
        }
        return out;
    }

    /**
     * Pointwise confidence limits at every time, as {@code survival:::survfit_confint}.
     *
     * @param spec interval type and level
     * @return the band; undefined limits are NaN (log: where S = 0; log-log: where S is 0 or 1;
     *     plain: where the standard error is infinite)
     * @throws IllegalArgumentException if spec is null
     */
    public ConfidenceBand confidenceBand(ConfidenceSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("confidence spec must not be null");
        }
        double z = spec.z();
        int m = time.length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        for (int i = 0; i < m; i++) {
            double p = survival[i];
            double se = stdErr[i];
            switch (spec.type()) {
                case LOG -> {
                    if (p == 0) {
                        lo[i] = Double.NaN;
                        hi[i] = Double.NaN;
                    } else {
                        double se2 = z * se;
                        lo[i] = Math.exp(Math.log(p) - se2);
                        hi[i] = Math.min(Math.exp(Math.log(p) + se2), 1.0);
                    }
                }
                case LOG_LOG -> {
                    if (p == 0 || p == 1) {
                        lo[i] = Double.NaN;
                        hi[i] = Double.NaN;
                    } else {
                        double se2 = z * se / Math.log(p);
                        double ll = Math.log(-Math.log(p));
                        lo[i] = Math.exp(-Math.exp(ll - se2));
                        hi[i] = Math.exp(-Math.exp(ll + se2));
                    }
                }
                case PLAIN -> {
                    // Math.max/min propagate NaN, as R's pmax/pmin do for se = Inf, S = 0.
                    double se2 = se * p * z;
                    lo[i] = Math.max(p - se2, 0.0);
                    hi[i] = Math.min(p + se2, 1.0);
                }
                default -> throw new IllegalStateException("unknown confidence type " + spec.type());
            }
        }
        return new ConfidenceBand(spec, lo, hi);
    }

    /**
     * The curve at chosen times, as R's {@code summary(fit, times = times, extend = extend)}: the
     * value at the last time {@code <= t} (1 before the first time); times after the last
     * observation are dropped unless {@code extend}.
     *
     * @param times strictly increasing finite times
     * @param extend keep times past the last observation (number at risk 0, S carried forward)
     * @param spec confidence interval to report
     * @return one row per retained time, in order
     * @throws IllegalArgumentException if times are null, not finite or not strictly increasing, or
     *     spec is null
     */
    public List<SurvivalAtTime> at(double[] times, boolean extend, ConfidenceSpec spec) {
        if (times == null) {
            throw new IllegalArgumentException("times must not be null");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw new IllegalArgumentException("times must be finite and strictly increasing; index " + i
                        + " has " + times[i]);
            }
        }
        ConfidenceBand band = confidenceBand(spec);
        int m = time.length;
        double[] cumEvents = new double[m + 1];
        double[] cumCensor = new double[m + 1];
        for (int i = 0; i < m; i++) {
            cumEvents[i + 1] = cumEvents[i] + nEvent[i];
            cumCensor[i + 1] = cumCensor[i] + nCensor[i];
        }
        double last = m == 0 ? Double.NEGATIVE_INFINITY : time[m - 1];
        List<SurvivalAtTime> out = new ArrayList<>();
        int prev = 0;
        for (double t : times) {
            if (m == 0 || (!extend && t > last)) {
                continue;
            }
            int upTo = upperBound(time, t); // number of times <= t
            int firstAtOrAfter = lowerBound(time, t);
            double risk = firstAtOrAfter < m ? nRisk[firstAtOrAfter] : 0.0;
            double ev = cumEvents[upTo] - cumEvents[prev];
            double ce = cumCensor[upTo] - cumCensor[prev];
            prev = upTo;
            int row = upTo - 1;
            if (row < 0 && time[0] <= 0) {
                // No start row is inserted when the first time is the start (survfit0): R uses row 1.
                row = 0;
            }
            if (row < 0) {
                out.add(new SurvivalAtTime(t, risk, ev, ce, 1.0, 0.0, 1.0, 1.0, 0.0));
            } else {
                out.add(new SurvivalAtTime(t, risk, ev, ce, survival[row], survival[row] * stdErr[row],
                        band.lowerAt(row), band.upperAt(row), cumulativeHazard[row]));
            }
        }
        return out;
    }

    /**
     * Survival at one milestone, as {@link #at(double[], boolean, ConfidenceSpec)} with one time.
     *
     * @return the row, or empty when the milestone lies past the last observation and not extend
     * @throws IllegalArgumentException if the time is not finite or spec is null
     */
    public java.util.Optional<SurvivalAtTime> at(double milestone, boolean extend, ConfidenceSpec spec) {
        List<SurvivalAtTime> rows = at(new double[] {milestone}, extend, spec);
        return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(0));
    }

    /**
     * A quantile of survival time with its confidence interval, as R's {@code quantile(fit, p)}
     * ({@code survival:::findq}): the first time where 1 - S reaches p within a tolerance of
     * 1.49e-8; when 1 - S equals p on a flat stretch, the midpoint of that stretch's start and the
     * next drop (or the last time, when the curve stays flat to the end). The limits apply the same
     * rule to the lower and upper confidence curves.
     *
     * @param p probability in [0, 1] (0.5 for the median, 0.25/0.75 for the quartiles)
     * @param spec the confidence curves to use
     * @return the quantile; NaN parts where a curve never reaches 1 - p
     * @throws IllegalArgumentException if p is outside [0, 1] or spec is null
     */
    public SurvivalQuantile quantile(double p, ConfidenceSpec spec) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], got " + p);
        }
        ConfidenceBand band = confidenceBand(spec);
        double start = 0; // R: xmin = 0 without a start.time
        return new SurvivalQuantile(p, findq(time, start, survival, p), findq(time, start, band.lower(), p),
                findq(time, start, band.upper(), p));
    }

    /**
     * The median and its confidence interval exactly as {@code print(fit)} shows them
     * ({@code survival:::survmean}): the first time with S < 0.5 + 1.49e-8; if S there equals 0.5
     * within the tolerance and the curve later drops below it, the midpoint of that time and the
     * time of the drop. Differs from {@code quantile(0.5)} only when the curve ends flat at 0.5
     * (print gives the start of the stretch, quantile the midpoint with the last time).
     *
     * @param spec the confidence curves to use
     * @return the median with p = 0.5; NaN parts where a curve never reaches 0.5
     * @throws IllegalArgumentException if spec is null
     */
    public SurvivalQuantile median(ConfidenceSpec spec) {
        ConfidenceBand band = confidenceBand(spec);
        return new SurvivalQuantile(0.5, minmin(survival), minmin(band.lower()), minmin(band.upper()));
    }

    /**
     * Restricted mean survival time up to {@code horizon} with its standard error, as
     * {@code print(fit, rmean = horizon)}: the area under S from 0 (or the first time, if negative)
     * to the horizon; variance sum over event times of A_i^2 d_i / (n_i (n_i - d_i)), with A_i the
     * area from t_i to the horizon and terms with n_i = d_i left out (Klein &amp; Moeschberger,
     * 2nd ed., eq. 4.5.2; R's survmean).
     *
     * @param horizon tau, at least the first time
     * @return the restricted mean
     * @throws IllegalArgumentException if the fit is empty, or horizon is not finite or is before the
     *     first time
     */
    public RestrictedMean restrictedMean(double horizon) {
        int m = time.length;
        if (m == 0) {
            throw new IllegalArgumentException("restricted mean of an empty curve is undefined");
        }
        if (!Double.isFinite(horizon) || horizon < time[0]) {
            throw new IllegalArgumentException("restricted mean horizon must be finite and >= the first time "
                    + time[0] + ", got " + horizon);
        }
        double start = Math.min(0, time[0]);
        int k = upperBound(time, horizon);
        int n = k + 1;
        double[] tt = new double[n];
        double[] ss = new double[n];
        double[] hh = new double[n];
        for (int i = 0; i < k; i++) {
            tt[i] = time[i];
            ss[i] = survival[i];
            double nr = nRisk[i];
            double d = nEvent[i];
            hh[i] = (nr - d) == 0 ? 0 : d / (nr * (nr - d));
        }
        tt[k] = horizon;
        ss[k] = survival[k - 1];
        double[] rect = new double[n];
        double mean = 0;
        for (int j = 0; j < n; j++) {
            double delta = tt[j] - (j == 0 ? start : tt[j - 1]);
            rect[j] = delta * (j == 0 ? 1.0 : ss[j - 1]);
            mean += rect[j];
        }
        double var = 0;
        double area = 0;
        for (int q = n - 1; q >= 1; q--) {
            area += rect[q];
            var += area * area * hh[q - 1];
        }
        return new RestrictedMean(horizon, mean + start, Math.sqrt(var));
    }

    /** survmean's minmin: median rule of print.survfit, NaN-aware. */
    private double minmin(double[] y) {
        double tol = QUANTILE_TOLERANCE;
        int first = -1;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i]) && y[i] < 0.5 + tol) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return Double.NaN;
        }
        if (Math.abs(y[first] - 0.5) < tol) {
            for (int i = first + 1; i < y.length; i++) {
                if (!Double.isNaN(y[i]) && y[i] < 0.5 + tol && y[i] < y[first]) {
                    return (time[first] + time[i]) / 2;
                }
            }
        }
        return time[first];
    }

    /** survival:::findq on x = c(start, time), y = c(0, 1 - curve); also used for Aalen-Johansen curves. */
    static double findq(double[] time, double start, double[] curve, double p) {
        double tol = QUANTILE_TOLERANCE;
        int len = curve.length + 1;
        double[] x = new double[len];
        double[] y = new double[len];
        x[0] = start;
        y[0] = 0;
        double maxY = 0;
        for (int i = 0; i < curve.length; i++) {
            x[i + 1] = time[i];
            y[i + 1] = 1 - curve[i];
            if (y[i + 1] > maxY) {
                maxY = y[i + 1];
            }
        }
        if (maxY < p) {
            return Double.NaN;
        }
        double xmax = x[len - 1];
        // duplicated(y): keep the first occurrence of each value (NaN counts as one value).
        Set<Double> seen = new HashSet<>();
        int n = 0;
        for (int i = 0; i < len; i++) {
            if (seen.add(y[i])) {
                x[n] = x[i];
                y[n] = y[i];
                n++;
            }
        }
        double i1 = approxConstantRight(y, n, tol, p);
        double i2 = approxConstantRight(y, n, -tol, p);
        double q = (Double.isNaN(i1) || Double.isNaN(i2)) ? Double.NaN : (x[(int) i1] + x[(int) i2]) / 2;
        if (p == 0) {
            q = x[0];
        }
        if (!Double.isNaN(y[n - 1]) && Math.abs(p - y[n - 1]) < tol) {
            q = Double.isNaN(i1) ? Double.NaN : (x[(int) i1] + xmax) / 2;
        }
        return q;
    }

    /**
     * R's {@code approx(y + shift, 0..n-1, p, method = "constant", f = 1)$y}: NaN points dropped,
     * points ordered by abscissa, NaN outside the range.
     */
    private static double approxConstantRight(double[] y, int n, double shift, double v) {
        double[][] pts = new double[n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                pts[k++] = new double[] {y[i] + shift, i};
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        double[][] sorted = Arrays.copyOf(pts, k);
        Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
        if (v < sorted[0][0] || v > sorted[k - 1][0]) {
            return Double.NaN;
        }
        int i = 0;
        int j = k - 1;
        while (i < j - 1) {
            int ij = (i + j) / 2;
            if (v < sorted[ij][0]) {
                j = ij;
            } else {
                i = ij;
            }
        }
        if (v == sorted[j][0]) {
            return sorted[j][1];
        }
        if (v == sorted[i][0]) {
            return sorted[i][1];
        }
        return sorted[j][1];
    }

    /** Number of entries <= v. */
    static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of entries < v. */
    static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public double[] time() {
        return time.clone();
    }

    @Override
    public double[] nRisk() {
        return nRisk.clone();
    }

    @Override
    public double[] nEvent() {
        return nEvent.clone();
    }

    @Override
    public double[] nCensor() {
        return nCensor.clone();
    }

    @Override
    public double[] survival() {
        return survival.clone();
    }

    @Override
    public double[] stdErr() {
        return stdErr.clone();
    }

    @Override
    public double[] cumulativeHazard() {
        return cumulativeHazard.clone();
    }

    @Override
    public double[] cumulativeHazardVariance() {
        return cumulativeHazardVariance.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KaplanMeierFit f && Arrays.equals(time, f.time) && Arrays.equals(nRisk, f.nRisk)
                && Arrays.equals(nEvent, f.nEvent) && Arrays.equals(nCensor, f.nCensor)
                && Arrays.equals(survival, f.survival) && Arrays.equals(stdErr, f.stdErr)
                && Arrays.equals(cumulativeHazard, f.cumulativeHazard)
                && Arrays.equals(cumulativeHazardVariance, f.cumulativeHazardVariance);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(time), Arrays.hashCode(nRisk), Arrays.hashCode(nEvent),
            Arrays.hashCode(nCensor), Arrays.hashCode(survival), Arrays.hashCode(stdErr),
            Arrays.hashCode(cumulativeHazard), Arrays.hashCode(cumulativeHazardVariance)});
    }

    @Override
    public String toString() {
        return "KaplanMeierFit[times=" + time.length + ", n=" + n() + ", events=" + events() + "]";
    }
}
