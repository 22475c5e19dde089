package org.followupmonitor.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * One group's Kaplan-Meier curve as a figure needs it; the estimate itself comes from elsewhere
 * (survival/), this record only carries it.
 *
 * @param label       legend and at-risk row label; not blank
 * @param stepTimes   times (days since origin) where S drops, strictly increasing, finite, ≥ 0
 * @param survival    S just after each step time, in [0, 1], non-increasing; same length as stepTimes
 * @param lower       lower confidence limit after each step, or empty for no band; NaN where undefined
 *                    (e.g. R gives NA once S = 0); the band is drawn only where both limits are defined
 * @param upper       upper confidence limit, same rules as {@code lower}
 * @param censorTimes one entry per censored subject (repeat a time for ties); each gets a "+" mark on
 *                    the curve when it falls inside the x-axis range
 * @param atRisk      number at risk at each of {@link KmPlotSpec#atRiskTimes()}, non-negative
 * @param suppressed  a small cell: nothing of it is drawn, the legend and the at-risk row say
 *                    "suppressed (n &lt; k)"; such a series must carry no data (all arrays empty),
 *                    so no estimate of a small cell can leak through a figure
 * @param rising      a cumulative-incidence curve: it starts at 0 and never decreases (the values are then
 *                    incidences, not survival)
 */
public record KmSeries(String label, double[] stepTimes, double[] survival, double[] lower, double[] upper,
                       double[] censorTimes, int[] atRisk, boolean suppressed, boolean rising) {

    /** A survival curve (from 1, never increasing). */
    public KmSeries(String label, double[] stepTimes, double[] survival, double[] lower, double[] upper,
                    double[] censorTimes, int[] atRisk, boolean suppressed) {
        this(label, stepTimes, survival, lower, upper, censorTimes, atRisk, suppressed, false);
    }

    public KmSeries {
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("series label must not be blank");
        }
        stepTimes = copy(stepTimes, "stepTimes");
        survival = copy(survival, "survival");
        lower = copy(lower, "lower");
        upper = copy(upper, "upper");
        censorTimes = copy(censorTimes, "censorTimes");
        atRisk = Objects.requireNonNull(atRisk, "atRisk").clone();
        if (suppressed) {
            if (stepTimes.length + survival.length + lower.length + upper.length + censorTimes.length
                    + atRisk.length > 0) {
                throw new IllegalArgumentException("suppressed series '" + label + "' must not carry data: "
                        + "pass empty arrays (see KmSeries.suppressed)");
            }
        } else {
            validate(label, stepTimes, survival, lower, upper, censorTimes, atRisk, rising);
        }
    }

    /** A small cell: shown only as "suppressed (n &lt; k)" in the legend and the at-risk table. */
    public static KmSeries suppressed(String label) {
        return new KmSeries(label, new double[0], new double[0], new double[0], new double[0], new double[0],
                new int[0], true);
    }

    private static void validate(String label, double[] t, double[] s, double[] lo, double[] hi, double[] c,
                                 int[] atRisk, boolean rising) {
        String where = "series '" + label + "': ";
        if (s.length != t.length) {
            throw new IllegalArgumentException(where + "survival has " + s.length + " values for " + t.length
                    + " step times; give one S per step time");
        }
        if (lo.length != hi.length || (lo.length != 0 && lo.length != t.length)) {
            throw new IllegalArgumentException(where + "lower and upper must both be empty (no band) or both have "
                    + t.length + " values, got " + lo.length + " and " + hi.length);
        }
        double prevT = Double.NEGATIVE_INFINITY;
        double prevS = rising ? 0.0 : 1.0;
        for (int i = 0; i < t.length; i++) {
            if (!(Double.isFinite(t[i]) && t[i] >= 0 && t[i] > prevT)) {
                throw new IllegalArgumentException(where + "step times must be finite, >= 0 and strictly "
                        + "increasing; index " + i + " is " + t[i]);
            }
            if (!(s[i] >= 0 && s[i] <= 1 && (rising ? s[i] >= prevS : s[i] <= prevS))) {
                throw new IllegalArgumentException(where + (rising ? "incidence must lie in [0, 1] and never "
                        + "decrease" : "survival must lie in [0, 1] and never increase") + "; index " + i + " is " + s[i]);
            }
            if (lo.length > 0) {
                boolean loOk = Double.isNaN(lo[i]) || (lo[i] >= 0 && lo[i] <= 1);
                boolean hiOk = Double.isNaN(hi[i]) || (hi[i] >= 0 && hi[i] <= 1);
                if (!loOk || !hiOk || (!Double.isNaN(lo[i]) && !Double.isNaN(hi[i]) && lo[i] > hi[i])) {
                    throw new IllegalArgumentException(where + "confidence limits must be in [0, 1] (or NaN when "
                            + "undefined) with lower <= upper; index " + i + " has " + lo[i] + ", " + hi[i]);
                }
            }
            prevT = t[i];
            prevS = s[i];
        }
        for (double x : c) {
            if (!(Double.isFinite(x) && x >= 0)) {
                throw new IllegalArgumentException(where + "censor times must be finite and >= 0, got " + x);
            }
        }
        for (int n : atRisk) {
            if (n < 0) {
                throw new IllegalArgumentException(where + "numbers at risk must be >= 0, got " + n);
            }
        }
    }

    private static double[] copy(double[] a, String name) {
        return Objects.requireNonNull(a, name).clone();
    }

    // Arrays are copied in and out so the record is a value.
    @Override
    public double[] stepTimes() {
        return stepTimes.clone();
    }

    @Override
    public double[] survival() {
        return survival.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public double[] censorTimes() {
        return censorTimes.clone();
    }

    @Override
    public int[] atRisk() {
        return atRisk.clone();
    }

    /** The curve's value at 0: 1 for survival, 0 for a cumulative incidence. */
    public double start() {
        return rising ? 0.0 : 1.0;
    }

    /** S(t) (or the incidence) with right-continuous steps from its start; NaN for a suppressed series. */
    public double survivalAt(double t) {
        if (suppressed) {
            return Double.NaN;
        }
        double s = start();
        for (int i = 0; i < stepTimes.length && stepTimes[i] <= t; i++) {
            s = survival[i];
        }
        return s;
    }

    /** Last time the curve is known: the later of the last step and the last censoring; 0 when empty. */
    public double endTime() {
        double end = stepTimes.length > 0 ? stepTimes[stepTimes.length - 1] : 0.0;
        for (double c : censorTimes) {
            end = Math.max(end, c);
        }
        return end;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmSeries k && label.equals(k.label) && suppressed == k.suppressed && rising == k.rising
                && Arrays.equals(stepTimes, k.stepTimes) && Arrays.equals(survival, k.survival)
                && Arrays.equals(lower, k.lower) && Arrays.equals(upper, k.upper)
                && Arrays.equals(censorTimes, k.censorTimes) && Arrays.equals(atRisk, k.atRisk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, suppressed, Arrays.hashCode(stepTimes), Arrays.hashCode(survival),
                Arrays.hashCode(censorTimes), Arrays.hashCode(atRisk));
    }

    @Override
    public String toString() {
        return "KmSeries[" + label + (suppressed ? ", suppressed" : ", " + stepTimes.length + " steps, "
                + censorTimes.length + " censored") + "]";
    }
}
