package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raw observations to {@link StratifiedRiskTables}. Two routes reach the same per-cell arrays:
 * whole-number times in a compact range are counted into a dense (cell x time) array, which is
 * linear in n (the usual case: times are whole days); anything else is indexed by binary search
 * into the sorted distinct times. Within a cell, weights at one time are summed in row order on
 * both routes. All routes, and the incremental structure, end in {@link #finish}, where R's
 * timefix is applied.
 */
final class Aggregation {

    /** Dense counting is used while cells x distinct-time range stays below this many slots. */
    private static final long DENSE_SLOT_LIMIT = 1L << 26;

    private Aggregation() {
    }

    static StratifiedRiskTables aggregateDays(int groupCount, int strataCount, int[] days, boolean[] event,
            int[] group, int[] stratum) {
        double[] t = new double[days.length];
        for (int i = 0; i < days.length; i++) {
            t[i] = days[i];
        }
        return aggregate(groupCount, strataCount, t, event, group, stratum, null);
    }

    static StratifiedRiskTables aggregate(int groupCount, int strataCount, double[] time, boolean[] event,
            int[] group, int[] stratum, double[] weight) {
        if (groupCount < 1 || strataCount < 1) {
            throw new IllegalArgumentException("groupCount and strataCount must be >= 1, got " + groupCount
                    + " and " + strataCount);
        }
        if (time == null || event == null) {
            throw new IllegalArgumentException("time and event must not be null");
        }
        int n = time.length;
        requireLength("event", event.length, n);
        if (group != null) {
            requireLength("group", group.length, n);
        }
        if (stratum != null) {
            requireLength("stratum", stratum.length, n);
        }
        if (weight != null) {
            requireLength("weight", weight.length, n);
        }
        long cellsLong = (long) groupCount * strataCount;
        if (cellsLong > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many group x stratum cells: " + cellsLong);
        }
        int cells = (int) cellsLong;
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
            if (t < min) {
                min = t;
            }
            if (t > max) {
                max = t;
            }
            integral &= t == Math.rint(t);
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
            if (weight != null && !(weight[i] > 0 && weight[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("weight at row " + i + " is " + weight[i]
                        + "; weights must be finite and > 0 (drop rows with zero weight)");
            }
            cellOf[i] = s * groupCount + g;
        }
        if (n == 0) {
            return emptyTables(groupCount, strataCount);
        }
        int[] index = new int[n];
        if (integral && max - min < Integer.MAX_VALUE && cellsLong * (long) (max - min + 1) <= denseLimit(n)) {
            int range = (int) (max - min) + 1;
            long base = (long) min;
            for (int i = 0; i < n; i++) {
                index[i] = (int) ((long) time[i] - base);
            }
            return dense(groupCount, strataCount, cells, range, index, cellOf, event, weight, base, null);
        }
        double[] distinct = time.clone();
        Arrays.sort(distinct);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || distinct[i] != distinct[m - 1]) {
                distinct[m++] = distinct[i];
            }
        }
        double[] timeOfIndex = Arrays.copyOf(distinct, m);
        int range = m;
        for (int i = 0; i < n; i++) {
            index[i] = Arrays.binarySearch(timeOfIndex, time[i]);
        }
        if (cellsLong * range <= denseLimit(n)) {
            return dense(groupCount, strataCount, cells, range, index, cellOf, event, weight, 0, timeOfIndex);
        }
        return sparse(groupCount, strataCount, cells, index, cellOf, event, weight, timeOfIndex);
    }

    private static long denseLimit(int n) {
        return Math.min(DENSE_SLOT_LIMIT, 8L * n + 4096);
    }

    private static StratifiedRiskTables dense(int groupCount, int strataCount, int cells, int range, int[] index,
            int[] cellOf, boolean[] event, double[] weight, long base, double[] timeOfIndex) {
        int n = index.length;
        int slots = cells * range;
        double[][] ct = new double[cells][];
        double[][] ce = new double[cells][];
        double[][] cc = new double[cells][];
        if (weight == null) {
            int[] ev = new int[slots];
            int[] ce0 = new int[slots];
            for (int i = 0; i < n; i++) {
                int slot = cellOf[i] * range + index[i];
                if (event[i]) {
                    ev[slot]++;
                } else {
                    ce0[slot]++;
                }
            }
            for (int c = 0; c < cells; c++) {
                int off = c * range;
                int m = 0;
                for (int j = 0; j < range; j++) {
                    if ((ev[off + j] | ce0[off + j]) != 0) {
                        m++;
                    }
                }
                double[] t = new double[m];
                double[] e = new double[m];
                double[] z = new double[m];
                int k = 0;
                for (int j = 0; j < range; j++) {
                    if ((ev[off + j] | ce0[off + j]) != 0) {
                        t[k] = timeOfIndex == null ? (double) (base + j) : timeOfIndex[j];
                        e[k] = ev[off + j];
                        z[k] = ce0[off + j];
                        k++;
                    }
                }
                ct[c] = t;
                ce[c] = e;
                cc[c] = z;
            }
        } else {
            double[] ev = new double[slots];
            double[] ce0 = new double[slots];
            for (int i = 0; i < n; i++) {
                int slot = cellOf[i] * range + index[i];
                if (event[i]) {
                    ev[slot] += weight[i];
                } else {
                    ce0[slot] += weight[i];
                }
            }
            for (int c = 0; c < cells; c++) {
                int off = c * range;
                int m = 0;
                for (int j = 0; j < range; j++) {
                    if (ev[off + j] != 0 || ce0[off + j] != 0) {
                        m++;
                    }
                }
                double[] t = new double[m];
                double[] e = new double[m];
                double[] z = new double[m];
                int k = 0;
                for (int j = 0; j < range; j++) {
                    if (ev[off + j] != 0 || ce0[off + j] != 0) {
                        t[k] = timeOfIndex == null ? (double) (base + j) : timeOfIndex[j];
                        e[k] = ev[off + j];
                        z[k] = ce0[off + j];
                        k++;
                    }
                }
                ct[c] = t;
                ce[c] = e;
                cc[c] = z;
            }
        }
        return finish(groupCount, strataCount, ct, ce, cc);
    }

    /** Many cells and many distinct times: sort (time index, row) keys within each cell. */
    private static StratifiedRiskTables sparse(int groupCount, int strataCount, int cells, int[] index,
            int[] cellOf, boolean[] event, double[] weight, double[] timeOfIndex) {
        int n = index.length;
        int[] start = new int[cells + 1];
        for (int i = 0; i < n; i++) {
            start[cellOf[i] + 1]++;
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        long[] keys = new long[n];
        int[] fill = Arrays.copyOf(start, cells);
        for (int i = 0; i < n; i++) {
            keys[fill[cellOf[i]]++] = ((long) index[i] << 32) | i;
        }
        double[][] ct = new double[cells][];
        double[][] ce = new double[cells][];
        double[][] cc = new double[cells][];
        for (int c = 0; c < cells; c++) {
            Arrays.sort(keys, start[c], start[c + 1]);
            double[] t = new double[start[c + 1] - start[c]];
            double[] e = new double[t.length];
            double[] z = new double[t.length];
            int m = -1;
            int last = -1;
            for (int k = start[c]; k < start[c + 1]; k++) {
                int idx = (int) (keys[k] >>> 32);
                int row = (int) keys[k];
                if (idx != last) {
                    m++;
                    t[m] = timeOfIndex[idx];
                    last = idx;
                }
                double w = weight == null ? 1.0 : weight[row];
                if (event[row]) {
                    e[m] += w;
                } else {
                    z[m] += w;
                }
            }
            ct[c] = Arrays.copyOf(t, m + 1);
            ce[c] = Arrays.copyOf(e, m + 1);
            cc[c] = Arrays.copyOf(z, m + 1);
        }
        return finish(groupCount, strataCount, ct, ce, cc);
    }

    /**
     * Applies R's timefix over the pooled distinct times of all cells, then builds the tables.
     * Cell arrays must hold strictly increasing times.
     */
    static StratifiedRiskTables finish(int groupCount, int strataCount, double[][] times, double[][] events,
            double[][] censored) {
        double[] cuts = timefixCuts(times);
        List<RiskTable> out = new ArrayList<>(times.length);
        for (int c = 0; c < times.length; c++) {
            if (times[c].length == 0) {
                out.add(RiskTable.EMPTY);
            } else if (cuts == null) {
                out.add(RiskTable.of(times[c], events[c], censored[c]));
            } else {
                out.add(mergeToCuts(times[c], events[c], censored[c], cuts));
            }
        }
        return new StratifiedRiskTables(groupCount, strataCount, out);
    }

    /**
     * R's aeqSurv: with y the sorted distinct times, a gap dy is a tie when dy <= tol or
     * dy / mean(|y|) <= tol; each tied time maps to the first time of its chain.
     *
     * @return the chain-start times, or null when nothing is tied
     */
    static double[] timefixCuts(double[][] times) {
        int total = 0;
        for (double[] t : times) {
            total += t.length;
        }
        if (total < 2) {
            return null;
        }
        double[] y = new double[total];
        int k = 0;
        for (double[] t : times) {
            System.arraycopy(t, 0, y, k, t.length);
            k += t.length;
        }
        if (times.length > 1) {
            Arrays.sort(y);
        }
        int m = 0;
        for (int i = 0; i < total; i++) {
            if (m == 0 || y[i] != y[m - 1]) {
                y[m++] = y[i];
            }
        }
        if (m < 2) {
            return null;
        }
        double sumAbs = 0;
        for (int i = 0; i < m; i++) {
            sumAbs += Math.abs(y[i]);
        }
        double meanAbs = sumAbs / m;
        double tol = StratifiedRiskTables.TIMEFIX_TOLERANCE;
        boolean any = false;
        boolean[] tied = new boolean[m];
        for (int i = 1; i < m; i++) {
            double dy = y[i] - y[i - 1];
            tied[i] = dy <= tol || dy / meanAbs <= tol;
            any |= tied[i];
        }
        if (!any) {
            return null;
        }
        int c = 0;
        double[] cuts = new double[m];
        for (int i = 0; i < m; i++) {
            if (!tied[i]) {
                cuts[c++] = y[i];
            }
        }
        return Arrays.copyOf(cuts, c);
    }

    private static RiskTable mergeToCuts(double[] t, double[] e, double[] z, double[] cuts) {
        double[] nt = new double[t.length];
        double[] ne = new double[t.length];
        double[] nz = new double[t.length];
        int m = -1;
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            while (j + 1 < cuts.length && cuts[j + 1] <= t[i]) {
                j++;
            }
            if (m < 0 || nt[m] != cuts[j]) {
                m++;
                nt[m] = cuts[j];
            }
            ne[m] += e[i];
            nz[m] += z[i];
        }
        return RiskTable.of(Arrays.copyOf(nt, m + 1), Arrays.copyOf(ne, m + 1), Arrays.copyOf(nz, m + 1));
    }

    static StratifiedRiskTables emptyTables(int groupCount, int strataCount) {
        List<RiskTable> out = new ArrayList<>();
        for (int c = 0; c < groupCount * strataCount; c++) {
            out.add(RiskTable.EMPTY);
        }
        return new StratifiedRiskTables(groupCount, strataCount, out);
    }

    private static void requireLength(String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " has " + actual + " entries but time has " + expected
                    + "; all input arrays must have one entry per subject");
        }
    }
}
