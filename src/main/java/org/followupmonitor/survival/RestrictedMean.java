package org.followupmonitor.survival;

/**
 * Restricted mean survival time: the area under the Kaplan-Meier curve up to a horizon, with its
 * standard error, as R's {@code print(fit, rmean = tau)} reports it (Klein &amp; Moeschberger, 2nd
 * ed., sec. 4.5).
 *
 * @param horizon the truncation time tau
 * @param mean the restricted mean
 * @param standardError its standard error
 */
public record RestrictedMean(double horizon, double mean, double standardError) {

    /** @throws IllegalArgumentException if the horizon is not finite */
    public RestrictedMean {
        if (!Double.isFinite(horizon)) {
            throw new IllegalArgumentException("horizon must be finite, got " + horizon);
        }
    }
}
