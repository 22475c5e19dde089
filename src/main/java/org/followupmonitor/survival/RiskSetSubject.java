package org.followupmonitor.survival;

/**
 * One subject's contribution to the incremental risk sets (weight 1).
 *
 * @param time follow-up time in whole days, {@code >= 0}
 * @param event true for an event at {@code time}, false for a censoring
 * @param group group code, {@code >= 0}
 * @param stratum stratum code, {@code >= 0}
 */
public record RiskSetSubject(int time, boolean event, int group, int stratum) {

    /** @throws IllegalArgumentException if time, group or stratum is negative */
    public RiskSetSubject {
        if (time < 0) {
            throw new IllegalArgumentException("time must be >= 0 days, got " + time);
        }
        if (group < 0 || stratum < 0) {
            throw new IllegalArgumentException("group and stratum codes must be >= 0, got group=" + group
                    + ", stratum=" + stratum);
        }
    }
}
