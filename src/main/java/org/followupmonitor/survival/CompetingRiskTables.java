package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.List;

/**
 * Competing-risks tables for every group x stratum cell of a cohort, the counterpart of
 * {@link StratifiedRiskTables}: the input of per-group Aalen-Johansen curves ({@link #group}) and of Gray's
 * test ({@link GrayTest}). Groups and strata are dense codes; cells without subjects hold an empty table.
 *
 * <p>Two routes lead here and give equal tables: subject rows ({@link #of(int, int, int, double[], int[],
 * int[], int[])}, {@link #ofDays}) and per-day counts ({@link #of(int, int, int, List)}, what the stream keeps,
 * O(distinct days)). Both apply R's {@code timefix} once over the pooled distinct times, as
 * {@link StratifiedRiskTables} does; with whole-day times it never merges anything.
 *
 * @param groupCount number of groups, {@code >= 1}
 * @param strataCount number of strata, {@code >= 1}
 * @param causeCount number of causes, {@code >= 1}
 * @param cells {@code groupCount * strataCount} tables, index {@code stratum * groupCount + group}
 */
public record CompetingRiskTables(int groupCount, int strataCount, int causeCount, List<CompetingRiskTable> cells) {

    /**
     * @throws IllegalArgumentException if a count is below 1, or cells is null, has a null entry, a table
     *     with another number of causes, or the wrong size
     */
    public CompetingRiskTables {
        if (groupCount < 1 || strataCount < 1 || causeCount < 1) {
            throw new IllegalArgumentException("groupCount, strataCount and causeCount must be >= 1, got "
                    + groupCount + ", " + strataCount + " and " + causeCount);
        }
        if (cells == null || cells.size() != (long) groupCount * strataCount) {
            throw new IllegalArgumentException("cells must hold groupCount * strataCount = "
                    + ((long) groupCount * strataCount) + " tables");
        }
        for (CompetingRiskTable c : cells) {
            if (c == null || c.causeCount() != causeCount) {
                throw new IllegalArgumentException("cells must be tables with " + causeCount
                        + " causes (empty cells: CompetingRiskTable.empty)");
            }
        }
        cells = List.copyOf(cells);
    }

    /**
     * Aggregates subject rows.
     *
     * @param groupCount number of groups, {@code >= 1}
     * @param strataCount number of strata, {@code >= 1}
     * @param causeCount number of causes k, {@code >= 1}
     * @param time finite observation times
     * @param status 0 for censored, {@code 1..k} for the cause of the first event
     * @param group group codes in {@code [0, groupCount)}; null means all 0
     * @param stratum stratum codes in {@code [0, strataCount)}; null means all 0
     * @return the tables
     * @throws IllegalArgumentException on null or mismatched arrays, non-finite times, or codes or statuses
     *     out of range
     */
    public static CompetingRiskTables of(int groupCount, int strataCount, int causeCount, double[] time, int[] status,
            int[] group, int[] stratum) {
        return CompetingAggregation.aggregate(groupCount, strataCount, causeCount, time, status, group, stratum);
    }

    /**
     * Whole-day convenience for {@link #of(int, int, int, double[], int[], int[], int[])}.
     *
     * @throws IllegalArgumentException as that method
     */
    public static CompetingRiskTables ofDays(int groupCount, int strataCount, int causeCount, int[] days,
            int[] status, int[] group, int[] stratum) {
        if (days == null) {
            throw new IllegalArgumentException("days must not be null");
        }
        double[] t = new double[days.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = days[i];
        }
        return of(groupCount, strataCount, causeCount, t, status, group, stratum);
    }

    /**
     * Builds the tables from per-day cell counts in O(distinct days): equal to {@link #ofDays} on the subjects
     * the counts describe.
     *
     * @param cells at most one entry per (group, stratum), each with {@code causeCount} causes
     * @throws IllegalArgumentException if a count is below 1, a cell's codes do not fit, a cell appears twice
     *     or has another number of causes
     */
    public static CompetingRiskTables of(int groupCount, int strataCount, int causeCount,
            List<CompetingCellCounts> cells) {
        if (groupCount < 1 || strataCount < 1 || causeCount < 1) {
            throw new IllegalArgumentException("groupCount, strataCount and causeCount must be >= 1");
        }
        CompetingRiskTable[] out = new CompetingRiskTable[groupCount * strataCount];
        for (CompetingCellCounts c : cells) {
            if (c.group() >= groupCount || c.stratum() >= strataCount) {
                throw new IllegalArgumentException("cell (group " + c.group() + ", stratum " + c.stratum()
                        + ") does not fit " + groupCount + " groups x " + strataCount + " strata");
            }
            if (c.causeCount() != causeCount) {
                throw new IllegalArgumentException("cell (group " + c.group() + ", stratum " + c.stratum() + ") has "
                        + c.causeCount() + " causes, expected " + causeCount);
            }
            int idx = c.stratum() * groupCount + c.group();
            if (out[idx] != null) {
                throw new IllegalArgumentException("cell (group " + c.group() + ", stratum " + c.stratum()
                        + ") given twice");
            }
            out[idx] = c.table();
        }
        List<CompetingRiskTable> list = new ArrayList<>(out.length);
        for (CompetingRiskTable t : out) {
            list.add(t == null ? CompetingRiskTable.empty(causeCount) : t);
        }
        return CompetingAggregation.finish(groupCount, strataCount, causeCount, list);
    }

    /**
     * @return the cell's table (empty when it has no subjects)
     * @throws IllegalArgumentException if a code is out of range
     */
    public CompetingRiskTable cell(int group, int stratum) {
        checkGroup(group);
        if (stratum < 0 || stratum >= strataCount) {
            throw new IllegalArgumentException("stratum must be in [0, " + strataCount + "), got " + stratum);
        }
        return cells.get(stratum * groupCount + group);
    }

    /**
     * One group pooled over strata: the input of that group's Aalen-Johansen curves
     * ({@code survfit(Surv(time, factor(status)) ~ group)}).
     *
     * @throws IllegalArgumentException if the code is out of range
     */
    public CompetingRiskTable group(int group) {
        checkGroup(group);
        List<CompetingRiskTable> parts = new ArrayList<>(strataCount);
        for (int s = 0; s < strataCount; s++) {
            parts.add(cells.get(s * groupCount + group));
        }
        return CompetingRiskTable.merge(causeCount, parts);
    }

    /** @return all cells pooled: the whole cohort's table */
    public CompetingRiskTable pooled() {
        return CompetingRiskTable.merge(causeCount, cells);
    }

    /** @return the first-event-of-any-cause tables (event-free survival), cell by cell */
    public StratifiedRiskTables anyEvent() {
        List<RiskTable> out = new ArrayList<>(cells.size());
        for (CompetingRiskTable c : cells) {
            out.add(c.anyEvent());
        }
        return new StratifiedRiskTables(groupCount, strataCount, out);
    }

    private void checkGroup(int group) {
        if (group < 0 || group >= groupCount) {
            throw new IllegalArgumentException("group must be in [0, " + groupCount + "), got " + group);
        }
    }
}
