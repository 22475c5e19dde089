package org.followupmonitor.survival;

/**
 * The function of time g(t) the proportional-hazards test correlates the scaled Schoenfeld residuals with, as R's
 * {@code cox.zph(fit, transform =)}.
 */
public enum ZphTransform {
    /** 1 - S(t-) of the pooled Kaplan-Meier curve (unweighted, all rows): R's default. */
    KM,
    /** t itself. */
    IDENTITY,
    /** The rank of t among all rows' follow-up times (ties averaged). */
    RANK,
    /** log t. */
    LOG
}
