package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Risk tables for every group x stratum cell of a cohort: the input of the (stratified, k-group)
 * log-rank test and of per-group Kaplan-Meier curves. Groups and strata are dense codes
 * {@code 0..groupCount-1} and {@code 0..strataCount-1}; mapping labels to codes is the caller's.
 * Cells without subjects hold {@link RiskTable#EMPTY}.
 *
 * <p>R's {@code timefix} (times closer than 1.49e-8, absolutely or relative to the mean absolute
 * distinct time, are merged into the first of them) is applied once over the pooled distinct
 * times of all cells, as R applies it to the whole {@code Surv} object; with whole-day times it
 * never merges anything.
 *
 * @param groupCount number of groups, {@code >= 1}
 * @param strataCount number of strata, {@code >= 1}
 * @param cells {@code groupCount * strataCount} tables, index {@code stratum * groupCount + group}
 */
public record StratifiedRiskTables(int groupCount, int strataCount, List<RiskTable> cells) {

    /** R's default {@code timefix} tolerance, {@code sqrt(.Machine$double.eps)}. */
    static final double TIMEFIX_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    /**
     * @throws IllegalArgumentException if counts are below 1, or cells is null, has a null entry or
     *     the wrong size
     */
    public StratifiedRiskTables {
        if (groupCount < 1 || strataCount < 1) {
            throw new IllegalArgumentException("groupCount and strataCount must be >= 1, got " + groupCount
                    + " and " + strataCount);
        }
        if (cells == null || cells.size() != (long) groupCount * strataCount) {
            throw new IllegalArgumentException("cells must hold groupCount * strataCount = "
                    + ((long) groupCount * strataCount) + " tables");
        }
        for (RiskTable c : cells) {
            if (c == null) {
                throw new IllegalArgumentException("cells must not contain null; use RiskTable.EMPTY");
            }
        }
        cells = List.copyOf(cells);
    }

    /**
     * Aggregates raw observations by group and stratum, inferring the group and stratum counts from
     * the largest codes.
     *
     * @see #of(int, int, double[], boolean[], int[], int[], double[])
     */
    public static StratifiedRiskTables of(double[] time, boolean[] event, int[] group, int[] stratum,
            double[] weight) {
        return of(maxPlusOne(group), maxPlusOne(stratum), time, event, group, stratum, weight);
    }

    /**
     * Aggregates raw observations by group and stratum. Whole-number times in a compact range are
     * aggregated by counting (linear time); other times by sorting.
     *
     * @param groupCount number of groups, {@code >= 1}
     * @param strataCount number of strata, {@code >= 1}
     * @param time finite observation times
     * @param event true for an event, false for a censoring
     * @param group group codes in {@code [0, groupCount)}; null means all 0
     * @param stratum stratum codes in {@code [0, strataCount)}; null means all 0
     * @param weight case weights, finite and {@code > 0}; null means all 1
     * @return the tables
     * @throws IllegalArgumentException on null or mismatched arrays, non-finite times, codes out of
     *     range or weights that are not finite and positive
     */
    public static StratifiedRiskTables of(int groupCount, int strataCount, double[] time, boolean[] event,
            int[] group, int[] stratum, double[] weight) {
        return Aggregation.aggregate(groupCount, strataCount, time, event, group, stratum, weight);
    }

    /**
     * Whole-day convenience for {@link #of(int, int, double[], boolean[], int[], int[], double[])}.
     *
     * @throws IllegalArgumentException as that method
     */
    public static StratifiedRiskTables ofDays(int groupCount, int strataCount, int[] days, boolean[] event,
            int[] group, int[] stratum) {
        if (days == null) {
            throw new IllegalArgumentException("days must not be null");
        }
        return Aggregation.aggregateDays(groupCount, strataCount, days, event, group, stratum);
    }

    /**
     * @param group group code
     * @param stratum stratum code
     * @return the cell's table ({@link RiskTable#EMPTY} when it has no subjects)
     * @throws IllegalArgumentException if a code is out of range
     */
    public RiskTable cell(int group, int stratum) {
        checkGroup(group);
        if (stratum < 0 || stratum >= strataCount) {
            throw new IllegalArgumentException("stratum must be in [0, " + strataCount + "), got " + stratum);
        }
        return cells.get(stratum * groupCount + group);
    }

    /**
     * One group pooled over strata: the input of that group's Kaplan-Meier curve
     * ({@code survfit(Surv(time, status) ~ group)}).
     *
     * @throws IllegalArgumentException if the code is out of range
     */
    public RiskTable group(int group) {
        checkGroup(group);
        List<RiskTable> parts = new ArrayList<>(strataCount);
        for (int s = 0; s < strataCount; s++) {
            parts.add(cells.get(s * groupCount + group));
        }
        return merge(parts);
    }

    /** @return all cells pooled: the whole cohort's table */
    public RiskTable pooled() {
        return merge(cells);
    }

    /**
     * Administrative censoring of every cell at {@code horizon} (see {@link RiskTable#censoredAfter}).
     *
     * @throws IllegalArgumentException if the horizon is not finite
     */
    public StratifiedRiskTables censoredAfter(double horizon) {
        List<RiskTable> out = new ArrayList<>(cells.size());
        for (RiskTable c : cells) {
            out.add(c.censoredAfter(horizon));
        }
        return new StratifiedRiskTables(groupCount, strataCount, out);
    }

    private void checkGroup(int group) {
        if (group < 0 || group >= groupCount) {
            throw new IllegalArgumentException("group must be in [0, " + groupCount + "), got " + group);
        }
    }

    /** Adds tables time by time, in list order (exact for whole-number counts). */
    static RiskTable merge(List<RiskTable> parts) {
        int nonEmpty = 0;
        RiskTable only = RiskTable.EMPTY;
        int total = 0;
        for (RiskTable p : parts) {
            if (!p.isEmpty()) {
                nonEmpty++;
                only = p;
                total += p.size();
            }
        }
        if (nonEmpty <= 1) {
            return only;
        }
        double[] all = new double[total];
        int k = 0;
        for (RiskTable p : parts) {
            for (int i = 0; i < p.size(); i++) {
                all[k++] = p.t(i);
            }
        }
        Arrays.sort(all);
        int m = 0;
        for (int i = 0; i < all.length; i++) {
            if (m == 0 || all[i] != all[m - 1]) {
                all[m++] = all[i];
            }
        }
        double[] times = Arrays.copyOf(all, m);
        double[] ev = new double[m];
        double[] ce = new double[m];
        for (RiskTable p : parts) {
            int j = 0;
            for (int i = 0; i < p.size(); i++) {
                while (times[j] != p.t(i)) {
                    j++;
                }
                ev[j] += p.d(i);
                ce[j] += p.c(i);
            }
        }
        return RiskTable.of(times, ev, ce);
    }

    private static int maxPlusOne(int[] codes) {
        int max = 0;
        if (codes != null) {
            for (int c : codes) {
                max = Math.max(max, c);
            }
        }
        return max + 1;
    }
}
