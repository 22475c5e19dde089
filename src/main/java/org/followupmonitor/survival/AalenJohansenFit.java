package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fitted Aalen-Johansen curves, laid out as R's multi-state {@code survfit} object: one row per distinct time
 * (event or censoring), one column per state. State 0 is event-free (R's {@code "(s0)"}), state {@code c}
 * ({@code 1..k}) the cumulative incidence of cause c. Build it with {@link AalenJohansen#fit}.
 *
 * @param time distinct sorted times
 * @param nRisk number at risk (still event-free) just before each time, R's {@code n.risk[, "(s0)"]}
 * @param nEvent {@code (k + 1) x times}: events entering each state at each time, R's {@code n.event} (row 0,
 *     the event-free state, is all 0)
 * @param nCensor censorings at each time
 * @param pstate {@code (k + 1) x times}: probability of each state at each time (right-continuous); the
 *     states sum to 1 at every time
 * @param stdErr {@code (k + 1) x times}: standard error of each state probability, R's {@code std.err}
 *     (infinitesimal jackknife, on the probability scale)
 */
public record AalenJohansenFit(double[] time, double[] nRisk, double[][] nEvent, double[] nCensor, double[][] pstate,
        double[][] stdErr) {

    /** @throws IllegalArgumentException if an array is null, there is no cause or the shapes differ */
    public AalenJohansenFit {
        if (time == null || nRisk == null || nCensor == null || nEvent == null || pstate == null || stdErr == null) {
            throw new IllegalArgumentException("AalenJohansenFit arrays must not be null");
        }
        int m = time.length;
        int states = pstate.length;
        if (states < 2 || nEvent.length != states || stdErr.length != states || nRisk.length != m
                || nCensor.length != m) {
            throw new IllegalArgumentException("AalenJohansenFit needs the event-free state and at least one cause,"
                    + " with one value per time and state");
        }
        time = time.clone();
        nRisk = nRisk.clone();
        nCensor = nCensor.clone();
        nEvent = copy(nEvent, m);
        pstate = copy(pstate, m);
        stdErr = copy(stdErr, m);
    }

    /** @return the number of causes k (states are 0..k) */
    public int causeCount() {
        return pstate.length - 1;
    }

    /** @return the number of rows (distinct times) */
    public int size() {
        return time.length;
    }

    /** @return the number of subjects: at risk at the first time, 0 if empty */
    public double n() {
        return time.length == 0 ? 0 : nRisk[0];
    }

    /**
     * @param cause {@code 1..k}
     * @return the cumulative incidence of the cause at each time
     * @throws IllegalArgumentException if the cause is out of range
     */
    public double[] incidence(int cause) {
        if (cause < 1 || cause > causeCount()) {
            throw new IllegalArgumentException("cause must be in [1, " + causeCount() + "], got " + cause);
        }
        return pstate[cause].clone();
    }

    /** @return the event-free probability at each time (the Kaplan-Meier curve of the first event of any cause) */
    public double[] eventFree() {
        return pstate[0].clone();
    }

    /**
     * Pointwise confidence limits of one state's curve, as {@code survival:::survfit_confint(pstate, std.err,
     * logse = FALSE, ...)}: the standard error is first put on the log scale as se / p (0 where se = 0), then
     * log: p exp(-+ z se/p), upper capped at 1, undefined where p = 0; log-log: undefined where p is 0 or 1;
     * plain: p -+ z se clipped to [0, 1]. R applies the same transform to every state, incidences included.
     *
     * @param state 0 (event-free) or a cause {@code 1..k}
     * @param spec interval type and level
     * @return the band; undefined limits are NaN
     * @throws IllegalArgumentException if the state is out of range or spec is null
     */
    public ConfidenceBand confidenceBand(int state, ConfidenceSpec spec) {
        checkState(state);
        if (spec == null) {
            throw new IllegalArgumentException("confidence spec must not be null");
        }
        double z = spec.z();
        double[] p = pstate[state];
        double[] s = stdErr[state];
        int m = time.length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        for (int i = 0; i < m; i++) {
            double pi = p[i];
            double se = s[i] == 0 ? 0 : s[i] / pi;
            switch (spec.type()) {
                case LOG -> {
                    if (pi == 0) {
                        lo[i] = Double.NaN;
                        hi[i] = Double.NaN;
                    } else {
                        double se2 = z * se;
                        lo[i] = Math.exp(Math.log(pi) - se2);
                        hi[i] = Math.min(Math.exp(Math.log(pi) + se2), 1.0);
                    }
                }
                case LOG_LOG -> {
                    if (pi == 0 || pi == 1) {
                        lo[i] = Double.NaN;
                        hi[i] = Double.NaN;
                    } else {
                        double se2 = z * se / Math.log(pi);
                        double ll = Math.log(-Math.log(pi));
                        lo[i] = Math.exp(-Math.exp(ll - se2));
                        hi[i] = Math.exp(-Math.exp(ll + se2));
                    }
                }
                case PLAIN -> {
                    // Math.max/min propagate NaN as R's pmax/pmin do (se / 0 with se > 0).
                    double se2 = se * pi * z;
                    lo[i] = Math.max(pi - se2, 0.0);
                    hi[i] = Math.min(pi + se2, 1.0);
                }
                default -> throw new IllegalStateException("unknown confidence type " + spec.type());
            }
        }
        return new ConfidenceBand(spec, lo, hi);
    }

    /**
     * One state's curve at chosen times, as R's {@code summary(fit, times = times, extend = extend)} for a
     * multi-state fit: the value at the last time {@code <= t}; before the first time (when it is after 0)
     * the starting values (event-free 1, incidences 0, standard error 0); times after the last observation
     * dropped unless {@code extend}. At that inserted start R's {@code survfit0} fills 0 into both limits of
     * every state; here an incidence gets limits 0 and 0 as in R, the event-free state 1 and 1 (its estimate,
     * known exactly), not R's 0 and 0.
     *
     * @param state 0 (event-free) or a cause {@code 1..k}
     * @param times strictly increasing finite times
     * @param extend keep times past the last observation (number at risk 0, values carried forward)
     * @param spec confidence interval to report
     * @return one row per retained time, in order; {@code nEvent} counts the state's entries since the previous
     *     requested time
     * @throws IllegalArgumentException if the state is out of range, times are null, not finite or not strictly
     *     increasing, or spec is null
     */
    public List<IncidenceAtTime> at(int state, double[] times, boolean extend, ConfidenceSpec spec) {
        checkState(state);
        if (times == null) {
            throw new IllegalArgumentException("times must not be null");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw new IllegalArgumentException("times must be finite and strictly increasing; index " + i
                        + " has " + times[i]);
            }
        }
        ConfidenceBand band = confidenceBand(state, spec);
        int m = time.length;
        double[] cumEvents = new double[m + 1];
        double[] cumCensor = new double[m + 1];
        for (int i = 0; i < m; i++) {
            cumEvents[i + 1] = cumEvents[i] + nEvent[state][i];
            cumCensor[i + 1] = cumCensor[i] + nCensor[i];
        }
        double last = m == 0 ? Double.NEGATIVE_INFINITY : time[m - 1];
        List<IncidenceAtTime> out = new ArrayList<>();
        int prev = 0;
        for (double t : times) {
            if (m == 0 || (!extend && t > last)) {
                continue;
            }
            int upTo = KaplanMeierFit.upperBound(time, t);
            int firstAtOrAfter = KaplanMeierFit.lowerBound(time, t);
            double risk = firstAtOrAfter < m ? nRisk[firstAtOrAfter] : 0.0;
            double ev = cumEvents[upTo] - cumEvents[prev];
            double ce = cumCensor[upTo] - cumCensor[prev];
            prev = upTo;
            int row = upTo - 1;
            if (row < 0 && time[0] <= 0) {
                // survfit0 inserts no start row when the first time is the start: R uses the first row.
                row = 0;
            }
            if (row < 0) {
                double start = state == 0 ? 1.0 : 0.0;
                out.add(new IncidenceAtTime(t, risk, ev, ce, start, 0.0, start, start));
            } else {
                out.add(new IncidenceAtTime(t, risk, ev, ce, pstate[state][row], stdErr[state][row],
                        band.lowerAt(row), band.upperAt(row)));
            }
        }
        return out;
    }

    /**
     * The time by which the cumulative incidence of a cause reaches {@code p} (for {@code p = 0.5}, the median
     * time to the event where reached), with confidence limits from the confidence curves. R's
     * {@code quantile()} refuses multi-state fits; this applies R's quantile rule for survival curves
     * ({@code survival:::findq}: the first time the curve reaches p within 1.49e-8, the midpoint of a flat
     * stretch exactly at p) to 1 - incidence, as {@code quantile()} would on a {@code survfit} object with
     * surv = 1 - incidence, lower = 1 - upper incidence, upper = 1 - lower incidence. So the lower limit is
     * where the upper incidence curve reaches p, the upper limit where the lower curve does. For state 0 it
     * is the event-free survival quantile (time by which 1 - event-free reaches p).
     *
     * @param state 0 (event-free) or a cause {@code 1..k}
     * @param p probability in [0, 1]
     * @param spec the confidence curves to use
     * @return the quantile; NaN parts where a curve never reaches p
     * @throws IllegalArgumentException if the state is out of range, p is outside [0, 1] or spec is null
     */
    public SurvivalQuantile quantile(int state, double p, ConfidenceSpec spec) {
        checkState(state);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], got " + p);
        }
        ConfidenceBand band = confidenceBand(state, spec);
        double[] est = pstate[state].clone();
        double[] lowerCurve = band.lower();
        double[] upperCurve = band.upper();
        if (state != 0) {
            // As a survival curve: S = 1 - F, its lower limit 1 - upper F, its upper limit 1 - lower F.
            double[] lowerF = lowerCurve;
            double[] upperF = upperCurve;
            lowerCurve = new double[est.length];
            upperCurve = new double[est.length];
            for (int i = 0; i < est.length; i++) {
                est[i] = 1 - est[i];
                lowerCurve[i] = 1 - upperF[i];
                upperCurve[i] = 1 - lowerF[i];
            }
        }
        return new SurvivalQuantile(p, KaplanMeierFit.findq(time, 0, est, p),
                KaplanMeierFit.findq(time, 0, lowerCurve, p), KaplanMeierFit.findq(time, 0, upperCurve, p));
    }

    private void checkState(int state) {
        if (state < 0 || state > causeCount()) {
            throw new IllegalArgumentException("state must be 0 (event-free) or a cause in [1, " + causeCount()
                    + "], got " + state);
        }
    }

    private static double[][] copy(double[][] a, int m) {
        double[][] out = new double[a.length][];
        for (int s = 0; s < a.length; s++) {
            if (a[s] == null || a[s].length != m) {
                throw new IllegalArgumentException("every state needs one value per time (" + m + ")");
            }
            out[s] = a[s].clone();
        }
        return out;
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
    public double[][] nEvent() {
        return copy(nEvent, time.length);
    }

    @Override
    public double[] nCensor() {
        return nCensor.clone();
    }

    @Override
    public double[][] pstate() {
        return copy(pstate, time.length);
    }

    @Override
    public double[][] stdErr() {
        return copy(stdErr, time.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AalenJohansenFit f && Arrays.equals(time, f.time) && Arrays.equals(nRisk, f.nRisk)
                && Arrays.deepEquals(nEvent, f.nEvent) && Arrays.equals(nCensor, f.nCensor)
                && Arrays.deepEquals(pstate, f.pstate) && Arrays.deepEquals(stdErr, f.stdErr);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(time), Arrays.hashCode(nRisk), Arrays.deepHashCode(nEvent),
            Arrays.hashCode(nCensor), Arrays.deepHashCode(pstate), Arrays.deepHashCode(stdErr)});
    }

    @Override
    public String toString() {
        return "AalenJohansenFit[causes=" + causeCount() + ", times=" + time.length + ", n=" + n() + "]";
    }
}
