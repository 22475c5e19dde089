package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Subject rows (time, cause, group, stratum) to {@link CompetingRiskTables}. Whole-number times in a compact
 * range are counted into a dense (cell x day x status) array, linear in n; other times are indexed into the
 * sorted distinct times and counted densely when that fits, else by sorting one key per row. Every route,
 * and the per-day counts route, ends in {@link #finish}, where R's timefix is applied as in
 * {@link Aggregation}.
 */
final class CompetingAggregation {

    /** Dense counting is used while cells x time range x statuses stays below this many slots. */
    private static final long DENSE_SLOT_LIMIT = 1L << 26;

    private CompetingAggregation() {
    }

    static CompetingRiskTables aggregate(int groupCount, int strataCount, int causeCount, double[] time,
            int[] status, int[] group, int[] stratum) {
        if (groupCount < 1 || strataCount < 1 || causeCount < 1) {
            throw new IllegalArgumentException("groupCount, strataCount and causeCount must be >= 1, got "
                    + groupCount + ", " + strataCount + " and " + causeCount);
        }
        if (time == null || status == null) {
            throw new IllegalArgumentException("time and status must not be null");
        }
        int n = time.length;
        requireLength("status", status.length, n);
        if (group != null) {
            requireLength("group", group.length, n);
        }
        if (stratum != null) {
            requireLength("stratum", stratum.length, n);
        }
        long cellsLong = (long) groupCount * strataCount;
        if (cellsLong > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many group x stratum cells: " + cellsLong);
        }
        int cells = (int) cellsLong;
        int stride = causeCount + 1;
        int[] cellOf = new int[n];
        boolean integral = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double t = time[i];
            if (!Double.isFinite(t)) {
                throw new IllegalArgumentException("time at row " + i + " is not finite (" + t
                        + "); remove or impute it before the analysis");
            }
            min = Math.min(min, t);
            max = Math.max(max, t);
            integral &= t == Math.rint(t);
            if (status[i] < 0 || status[i] > causeCount) {
                throw new IllegalArgumentException("status at row " + i + " is " + status[i]
                        + "; must be 0 (censored) or a cause in [1, " + causeCount + "]");
            }
            int g = group == null ? 0 : group[i];
            int s = stratum == null ? 0 : stratum[i];
            if (g < 0 || g >= groupCount) {
                throw new IllegalArgumentException("group code at row " + i + " is " + g + ", must be in [0, "
                        + groupCount + ")");
            }
            if (s < 0 || s >= strataCount) {
                throw new IllegalArgumentException("stratum code at row " + i + " is " + s + ", must be in [0, "
                        + strataCount + ")");
            }
            cellOf[i] = s * groupCount + g;
        }
        if (n == 0) {
            List<CompetingRiskTable> empty = new ArrayList<>(cells);
            for (int c = 0; c < cells; c++) {
                empty.add(CompetingRiskTable.empty(causeCount));
            }
            return new CompetingRiskTables(groupCount, strataCount, causeCount, empty);
        }
        int[] index = new int[n];
        double[] timeOfIndex;
        int range;
        long limit = Math.min(DENSE_SLOT_LIMIT, 8L * stride * n + 4096);
        if (integral && max - min < Integer.MAX_VALUE && cellsLong * (long) (max - min + 1) * stride <= limit) {
            range = (int) (max - min) + 1;
            timeOfIndex = null;
            long base = (long) min;
            for (int i = 0; i < n; i++) {
                index[i] = (int) ((long) time[i] - base);
            }
        } else {
            double[] distinct = time.clone();
            Arrays.sort(distinct);
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (m == 0 || distinct[i] != distinct[m - 1]) {
                    distinct[m++] = distinct[i];
                }
            }
            timeOfIndex = Arrays.copyOf(distinct, m);
            range = m;
            for (int i = 0; i < n; i++) {
                index[i] = Arrays.binarySearch(timeOfIndex, time[i]);
            }
        }
        double base = min;
        List<CompetingRiskTable> tables = cellsLong * range * stride <= limit
                ? dense(cells, causeCount, range, index, cellOf, status, timeOfIndex, base)
                : sorted(cells, causeCount, range, index, cellOf, status, timeOfIndex);
        return finish(groupCount, strataCount, causeCount, tables);
    }

    /** Counts into one (cell, time index, status) array, then reads each cell's occupied times in order. */
    private static List<CompetingRiskTable> dense(int cells, int causeCount, int range, int[] index, int[] cellOf,
            int[] status, double[] timeOfIndex, double base) {
        int stride = causeCount + 1;
        int[] counts = new int[cells * range * stride];
        for (int i = 0; i < index.length; i++) {
            counts[(cellOf[i] * range + index[i]) * stride + status[i]]++;
        }
        List<CompetingRiskTable> out = new ArrayList<>(cells);
        for (int c = 0; c < cells; c++) {
            int off = c * range * stride;
            int m = 0;
            for (int j = 0; j < range; j++) {
                if (occupied(counts, off + j * stride, stride)) {
                    m++;
                }
            }
            double[] t = new double[m];
            double[][] e = new double[causeCount][m];
            double[] z = new double[m];
            int k = 0;
            for (int j = 0; j < range; j++) {
                int slot = off + j * stride;
                if (occupied(counts, slot, stride)) {
                    t[k] = timeOfIndex == null ? base + j : timeOfIndex[j];
                    z[k] = counts[slot];
                    for (int q = 0; q < causeCount; q++) {
                        e[q][k] = counts[slot + 1 + q];
                    }
                    k++;
                }
            }
            out.add(CompetingRiskTable.of(t, e, z));
        }
        return out;
    }

    /** Many cells and many distinct times: one sorted key (cell, time index, status) per row. */
    private static List<CompetingRiskTable> sorted(int cells, int causeCount, int range, int[] index, int[] cellOf,
            int[] status, double[] timeOfIndex) {
        int stride = causeCount + 1;
        int n = index.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) cellOf[i] * range + index[i]) * stride + status[i];
        }
        Arrays.sort(keys);
        List<CompetingRiskTable> out = new ArrayList<>(cells);
        int r = 0;
        for (int c = 0; c < cells; c++) {
            long cellEnd = (long) (c + 1) * range * stride;
            int start = r;
            while (r < n && keys[r] < cellEnd) {
                r++;
            }
            double[] t = new double[r - start];
            double[][] e = new double[causeCount][r - start];
            double[] z = new double[r - start];
            int m = -1;
            long lastTime = -1;
            for (int q = start; q < r; q++) {
                long cellTime = keys[q] / stride;
                int st = (int) (keys[q] % stride);
                if (cellTime != lastTime) {
                    m++;
                    t[m] = timeOfIndex[(int) (cellTime - (long) c * range)];
                    lastTime = cellTime;
                }
                if (st == 0) {
                    z[m]++;
                } else {
                    e[st - 1][m]++;
                }
            }
            double[][] em = new double[causeCount][];
            for (int q = 0; q < causeCount; q++) {
                em[q] = Arrays.copyOf(e[q], m + 1);
            }
            out.add(CompetingRiskTable.of(Arrays.copyOf(t, m + 1), em, Arrays.copyOf(z, m + 1)));
        }
        return out;
    }

    private static boolean occupied(int[] counts, int slot, int stride) {
        for (int q = 0; q < stride; q++) {
            if (counts[slot + q] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Applies R's timefix over the pooled distinct times of all cells (see {@link Aggregation#timefixCuts}). */
    static CompetingRiskTables finish(int groupCount, int strataCount, int causeCount, List<CompetingRiskTable> cells) {
        double[][] times = new double[cells.size()][];
        for (int c = 0; c < times.length; c++) {
            times[c] = cells.get(c).times();
        }
        double[] cuts = Aggregation.timefixCuts(times);
        if (cuts == null) {
            return new CompetingRiskTables(groupCount, strataCount, causeCount, cells);
        }
        List<CompetingRiskTable> out = new ArrayList<>(cells.size());
        for (CompetingRiskTable c : cells) {
            out.add(c.isEmpty() ? c : mergeToCuts(c, cuts));
        }
        return new CompetingRiskTables(groupCount, strataCount, causeCount, out);
    }

    /** Moves every time to the start of its timefix chain, adding the counts of merged times. */
    private static CompetingRiskTable mergeToCuts(CompetingRiskTable table, double[] cuts) {
        int k = table.causeCount();
        int size = table.size();
        double[] nt = new double[size];
        double[][] ne = new double[k][size];
        double[] nz = new double[size];
        int m = -1;
        int j = 0;
        for (int i = 0; i < size; i++) {
            while (j + 1 < cuts.length && cuts[j + 1] <= table.t(i)) {
                j++;
            }
            if (m < 0 || nt[m] != cuts[j]) {
                m++;
                nt[m] = cuts[j];
            }
            for (int c = 1; c <= k; c++) {
                ne[c - 1][m] += table.d(c, i);
            }
            nz[m] += table.c(i);
        }
        double[][] em = new double[k][];
        for (int c = 0; c < k; c++) {
            em[c] = Arrays.copyOf(ne[c], m + 1);
        }
        return CompetingRiskTable.of(Arrays.copyOf(nt, m + 1), em, Arrays.copyOf(nz, m + 1));
    }

    private static void requireLength(String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " has " + actual + " entries but time has " + expected
                    + "; all input arrays must have one entry per subject");
        }
    }
}
