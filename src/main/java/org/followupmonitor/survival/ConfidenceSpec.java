package org.followupmonitor.survival;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Which pointwise confidence interval to compute: a transformation and a two-sided level.
 *
 * @param type the transformation
 * @param level two-sided confidence level, strictly between 0 and 1 (R's {@code conf.int})
 */
public record ConfidenceSpec(ConfidenceType type, double level) {

    /** R's default: {@code conf.type = "log"}, {@code conf.int = 0.95}. */
    public static final ConfidenceSpec DEFAULT = new ConfidenceSpec(ConfidenceType.LOG, 0.95);

    /** @throws IllegalArgumentException if type is null or level is not in (0, 1) */
    public ConfidenceSpec {
        if (type == null) {
            throw new IllegalArgumentException("confidence type must not be null");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be strictly between 0 and 1, got " + level);
        }
    }

    /** @return z = qnorm(1 - (1 - level) / 2) */
    public double z() {
        return new NormalDistribution(0, 1).inverseCumulativeProbability(1 - (1 - level) / 2);
    }
}
