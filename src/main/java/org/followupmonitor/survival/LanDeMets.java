package org.followupmonitor.survival;

import java.util.List;

/**
 * Lan-DeMets boundaries for a whole schedule of looks in one call; see {@link GroupSequentialState} for the
 * incremental form used when looks arrive one by one.
 */
public final class LanDeMets {
    private LanDeMets() {
    }

    /**
     * Two-sided symmetric boundaries at the given information fractions.
     *
     * @param spending  spending function
     * @param alpha     total two-sided type I error, e.g. 0.05 (0.025 per side)
     * @param fractions strictly increasing information fractions in (0, 1]
     * @return one look per fraction
     * @throws IllegalArgumentException when alpha is outside (0, 1) or the fractions are not increasing in (0, 1]
     */
    public static List<GroupSequentialLook> boundaries(SpendingFunction spending, double alpha, double... fractions) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException("give at least one information fraction");
        }
        GroupSequentialState s = GroupSequentialState.start(spending, alpha);
        for (double t : fractions) {
            s = s.look(t);
        }
        return s.looks();
    }
}
