package org.followupmonitor.survival;

/**
 * One row of R's {@code summary(fit, times = t)}: the curve's value at the last time {@code <= t}.
 * Undefined values (R's NA/NaN) are {@code NaN}.
 *
 * @param time the requested time
 * @param nRisk number at risk at the first observed time {@code >= time} (0 past the last one)
 * @param nEvent events since the previous requested time (or the start), up to {@code time}
 * @param nCensor censorings since the previous requested time (or the start), up to {@code time}
 * @param survival S(time)
 * @param standardError Greenwood standard error of S (as {@code summary()} prints it; NaN where the
 *     stored standard error of -log S is infinite and S = 0)
 * @param lower lower confidence limit (NaN when undefined)
 * @param upper upper confidence limit (NaN when undefined)
 * @param cumulativeHazard Nelson-Aalen cumulative hazard at {@code time}
 */
public record SurvivalAtTime(double time, double nRisk, double nEvent, double nCensor, double survival,
        double standardError, double lower, double upper, double cumulativeHazard) {

    /** @throws IllegalArgumentException if time is not finite or survival is outside [0, 1] */
    public SurvivalAtTime {
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("time must be finite, got " + time);
        }
        if (!(survival >= 0 && survival <= 1)) {
            throw new IllegalArgumentException("survival must be in [0, 1], got " + survival);
        }
    }
}
