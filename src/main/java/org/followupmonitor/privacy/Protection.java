package org.followupmonitor.privacy;

/**
 * When a withheld count is protected. A withheld count's marker says only "withheld": the same for a small
 * cell and for a larger one withheld to protect it, so the attacker cannot tell them apart by the marker. The
 * count is protected when everything published with it still allows every small value it could have
 * (1 .. minimum - 1, or from the least number the release's shape alone implies, e.g. two withheld non-empty
 * groups make a withheld total at least 2), or when it shows the count to be at least the minimum (then it
 * is not a small cell, and saying so narrows nothing the equations did not).
 */
public final class Protection {
    private Protection() {}

    /**
     * @param range the feasible range given everything published
     * @param structural the least value the release's shape alone allows
     * @param minCellSize the privacy minimum (&gt;= 1)
     */
    public static boolean protects(RangeSolver.Range range, long structural, int minCellSize) {
        if (range.low() >= minCellSize) {
            return true;
        }
        return range.low() <= Math.max(1, structural) && range.high() >= minCellSize - 1;
    }
}
