package org.followupmonitor.survival;

/**
 * Transformation used for pointwise Kaplan-Meier confidence intervals, as R's {@code survfit}
 * {@code conf.type}. Formulas follow {@code survival:::survfit_confint} (Therneau &amp; Grambsch,
 * sec. 2.1; Klein &amp; Moeschberger, 2nd ed., sec. 4.3).
 */
public enum ConfidenceType {
    /** {@code "log"} (R's default): S exp(+-z se), upper capped at 1, undefined where S = 0. */
    LOG,
    /** {@code "log-log"}: exp(-exp(log(-log S) -+ z se / log S)), undefined where S is 0 or 1. */
    LOG_LOG,
    /** {@code "plain"}: S +- z S se, clipped to [0, 1]. */
    PLAIN
}
