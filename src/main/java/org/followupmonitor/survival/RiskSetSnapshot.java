package org.followupmonitor.survival;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compact value form of a whole {@link IncrementalRiskSets}: its non-empty cells ordered by
 * (stratum, group).
 *
 * @param cells non-empty cells, each (group, stratum) at most once
 */
public record RiskSetSnapshot(List<CellCounts> cells) {

    /** @throws IllegalArgumentException if cells is null, holds null or repeats a (group, stratum) */
    public RiskSetSnapshot {
        if (cells == null) {
            throw new IllegalArgumentException("cells must not be null");
        }
        Set<Long> seen = new HashSet<>();
        for (CellCounts c : cells) {
            if (c == null) {
                throw new IllegalArgumentException("cells must not contain null");
            }
            if (!seen.add(((long) c.stratum() << 32) | c.group())) {
                throw new IllegalArgumentException("cell group=" + c.group() + ", stratum=" + c.stratum()
                        + " appears twice");
            }
        }
        cells = List.copyOf(cells);
    }

    /** @return true when no subject is held */
    public boolean isEmpty() {
        return cells.isEmpty();
    }
}
