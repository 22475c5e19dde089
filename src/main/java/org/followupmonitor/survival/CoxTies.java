package org.followupmonitor.survival;

/**
 * Handling of tied event times in the Cox partial likelihood, as in R's {@code coxph(ties = ...)}.
 */
public enum CoxTies {
    /**
     * Efron's approximation (R's default): for d deaths tied at a time the risk-set sum is
     * reduced by k/d of the tied deaths' risk for k = 0..d-1 (Therneau &amp; Grambsch 2000, sec. 3.3).
     */
    EFRON,
    /** Breslow's approximation: every tied death sees the full risk set. */
    BRESLOW
}
