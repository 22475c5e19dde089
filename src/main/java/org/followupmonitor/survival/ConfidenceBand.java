package org.followupmonitor.survival;

import java.util.Arrays;

/**
 * Pointwise confidence limits of a Kaplan-Meier curve, aligned with the fit's times. An undefined
 * limit (R's NA, e.g. the log interval where S = 0) is {@code NaN}.
 *
 * @param spec the interval that was computed
 * @param lower lower limits
 * @param upper upper limits
 */
public record ConfidenceBand(ConfidenceSpec spec, double[] lower, double[] upper) {

    /** @throws IllegalArgumentException if an argument is null or the arrays differ in length */
    public ConfidenceBand {
        if (spec == null || lower == null || upper == null || lower.length != upper.length) {
            throw new IllegalArgumentException("ConfidenceBand needs a spec and lower/upper arrays of equal length");
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    double lowerAt(int i) {
        return lower[i];
    }

    double upperAt(int i) {
        return upper[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfidenceBand b && spec.equals(b.spec) && Arrays.equals(lower, b.lower)
                && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * spec.hashCode() + Arrays.hashCode(lower)) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "ConfidenceBand[" + spec + ", " + lower.length + " times]";
    }
}
