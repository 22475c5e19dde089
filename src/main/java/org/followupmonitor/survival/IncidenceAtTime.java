package org.followupmonitor.survival;

/**
 * One state of one row of R's {@code summary(fit, times = t)} for an Aalen-Johansen fit: the state's
 * probability (a cumulative incidence, or the event-free probability) at the last time {@code <= t}.
 * Undefined values (R's NA) are {@code NaN}.
 *
 * @param time the requested time
 * @param nRisk number still event-free and under observation at the first observed time {@code >= time} (0
 *     past the last one), R's {@code n.risk[, "(s0)"]}
 * @param nEvent entries into the state since the previous requested time (or the start), up to {@code time}
 *     (always 0 for the event-free state, as in R)
 * @param nCensor censorings since the previous requested time (or the start), up to {@code time}
 * @param estimate the state's probability at {@code time}
 * @param standardError its standard error (infinitesimal jackknife, as R's {@code std.err})
 * @param lower lower confidence limit (NaN when undefined, e.g. the log interval of an incidence of 0)
 * @param upper upper confidence limit (NaN when undefined)
 */
public record IncidenceAtTime(double time, double nRisk, double nEvent, double nCensor, double estimate,
        double standardError, double lower, double upper) {

    /**
     * @throws IllegalArgumentException if time is not finite or the estimate is outside [0, 1] by more than
     *     rounding (incidences are sums of products and may end an ulp above 1)
     */
    public IncidenceAtTime {
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("time must be finite, got " + time);
        }
        if (!(estimate >= -1e-12 && estimate <= 1 + 1e-12)) {
            throw new IllegalArgumentException("estimate must be in [0, 1], got " + estimate);
        }
    }
}
