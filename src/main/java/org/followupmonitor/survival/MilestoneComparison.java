package org.followupmonitor.survival;

import java.util.Optional;
import org.apache.commons.math3.special.Erf;

/**
 * Two groups' Kaplan-Meier survival at one milestone compared by a z-test on the difference with
 * Greenwood standard errors (Klein &amp; Moeschberger, 2nd ed., sec. 7.8):
 * z = (S_a - S_b) / sqrt(se_a^2 + se_b^2), two-sided p = erfc(|z| / sqrt 2).
 *
 * @param time the milestone
 * @param survivalA S_a(time)
 * @param survivalB S_b(time)
 * @param standardErrorA Greenwood se of S_a (NaN when S_a = 0 after n = d)
 * @param standardErrorB Greenwood se of S_b
 * @param difference S_a - S_b
 * @param z the statistic; NaN when both standard errors are 0 or either is undefined
 * @param pValue two-sided p-value; NaN when z is NaN
 */
public record MilestoneComparison(double time, double survivalA, double survivalB, double standardErrorA,
        double standardErrorB, double difference, double z, double pValue) {

    /** @throws IllegalArgumentException if time is not finite */
    public MilestoneComparison {
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("milestone time must be finite, got " + time);
        }
    }

    /**
     * Compares two curves at a milestone, each read as {@code summary(fit, times = milestone)}.
     *
     * @param a first group's curve
     * @param b second group's curve
     * @param milestone a finite time
     * @param extend read curves past their last observation (see {@link KaplanMeierFit#at})
     * @return the comparison, or empty when either curve is undefined at the milestone
     * @throws IllegalArgumentException if a curve is null or the milestone is not finite
     */
    public static Optional<MilestoneComparison> compare(KaplanMeierFit a, KaplanMeierFit b, double milestone,
            boolean extend) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("both curves are required");
        }
        if (!Double.isFinite(milestone)) {
            throw new IllegalArgumentException("milestone must be finite, got " + milestone);
        }
        Optional<SurvivalAtTime> ra = a.at(milestone, extend, ConfidenceSpec.DEFAULT);
        Optional<SurvivalAtTime> rb = b.at(milestone, extend, ConfidenceSpec.DEFAULT);
        if (ra.isEmpty() || rb.isEmpty()) {
            return Optional.empty();
        }
        double sa = ra.get().survival();
        double sb = rb.get().survival();
        double sea = ra.get().standardError();
        double seb = rb.get().standardError();
        double diff = sa - sb;
        double denom = Math.sqrt(sea * sea + seb * seb);
        double z = denom > 0 ? diff / denom : Double.NaN;
        double p = Double.isNaN(z) ? Double.NaN : Erf.erfc(Math.abs(z) / Math.sqrt(2));
        return Optional.of(new MilestoneComparison(milestone, sa, sb, sea, seb, diff, z, p));
    }
}
