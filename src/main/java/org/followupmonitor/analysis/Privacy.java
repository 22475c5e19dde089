package org.followupmonitor.analysis;

/**
 * Disclosure control for published aggregates.
 *
 * @param minCellSize cells with fewer subjects publish suppressed counts and no curve; >= 1
 */
public record Privacy(int minCellSize) {
    /** The common registry rule. */
    public static final int DEFAULT_MIN_CELL_SIZE = 11;
    /** The default settings. */
    public static final Privacy DEFAULT = new Privacy(DEFAULT_MIN_CELL_SIZE);

    public Privacy {
        if (minCellSize < 1) {
            throw new IllegalArgumentException("minCellSize: must be >= 1, was " + minCellSize);
        }
    }
}
