package org.followupmonitor.survival;

/**
 * A quantile of the survival time distribution (e.g. the median, p = 0.5) with the confidence
 * limits obtained by applying the same rule to the lower and upper confidence curves
 * (Brookmeyer &amp; Crowley, 1982, as R's {@code survfit} prints it). A value the curve never
 * reaches is {@code NaN} (R's NA).
 *
 * @param probability p in [0, 1]: the time where the curve falls to 1 - p
 * @param estimate the quantile, NaN when not reached
 * @param lower lower confidence limit, NaN when not reached
 * @param upper upper confidence limit, NaN when not reached
 */
public record SurvivalQuantile(double probability, double estimate, double lower, double upper) {

    /** @throws IllegalArgumentException if probability is outside [0, 1] */
    public SurvivalQuantile {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }
}
