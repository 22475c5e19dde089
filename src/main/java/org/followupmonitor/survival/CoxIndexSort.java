package org.followupmonitor.survival;

/**
 * Stable index sort on primitive keys, avoiding boxed comparators on 10^5-row inputs.
 */
final class CoxIndexSort {
    private CoxIndexSort() {
    }

    /** Indices 0..n-1 ordered by ascending key; equal keys keep their input order (like R's order()). */
    static int[] ascending(double[] keys) {
        int n = keys.length;
        int[] counted = countingSortIfIntegral(keys);
        if (counted != null) {
            return counted;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] buf = new int[n];
        // Bottom-up merge sort: insertion sort on runs of 16, then merge widths 16, 32, ...
        final int run = 16;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                int v = idx[i];
                double kv = keys[v];
                int j = i - 1;
                while (j >= lo && keys[idx[j]] > kv) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
        }
        int[] src = idx;
        int[] dst = buf;
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // <= keeps the left (earlier) element first on ties: stability.
                    dst[k++] = keys[src[i]] <= keys[src[j]] ? src[i++] : src[j++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    /**
     * Stable counting sort when every key is a whole number within a range of at most 4n + 1024 (whole-day
     * follow-up times): O(n + range) instead of O(n log n). Returns null when not applicable.
     */
    private static int[] countingSortIfIntegral(double[] keys) {
        int n = keys.length;
        if (n < 64) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double k : keys) {
            if (k != Math.rint(k)) {
                return null;
            }
            min = Math.min(min, k);
            max = Math.max(max, k);
        }
        if (!(max - min <= 4.0 * n + 1024)) {
            return null;
        }
        int range = (int) (max - min) + 1;
        int[] start = new int[range + 1];
        for (double k : keys) {
            start[(int) (k - min) + 1]++;
        }
        for (int b = 0; b < range; b++) {
            start[b + 1] += start[b];
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[start[(int) (keys[i] - min)]++] = i;
        }
        return idx;
    }

    /**
     * Dense ranks 0..m-1 of the values (equal values share a rank); {@code ranks[i]} for input i.
     * Returns the rank count in {@code out[0]}.
     */
    static int[] denseRanks(double[] values, int[] countOut) {
        int[] few = denseRanksOfFewValues(values, countOut);
        if (few != null) {
            return few;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        // Distinct values; -0.0 and 0.0 are one value (they compare equal).
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i] == 0.0 ? 0.0 : sorted[i];
            }
        }
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i] == 0.0 ? 0.0 : values[i];
            ranks[i] = java.util.Arrays.binarySearch(sorted, 0, m, v);
        }
        countOut[0] = m;
        return ranks;
    }

    /** Above this many distinct values, {@link #denseRanks} sorts all values instead. */
    private static final int FEW = 1 << 12;

    /**
     * The same ranks as {@link #denseRanks} when there are at most {@link #FEW} distinct values (a risk score
     * of factors takes few): the distinct values are collected in a small hash table, and only they are sorted.
     * Returns null when there are more.
     */
    private static int[] denseRanksOfFewValues(double[] values, int[] countOut) {
        int capacity = FEW * 4;
        long[] keys = new long[capacity];
        boolean[] used = new boolean[capacity];
        int[] slotRank = new int[capacity];
        double[] distinct = new double[FEW];
        int m = 0;
        int[] slots = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            // -0.0 and 0.0 are one value, as in the sorting path.
            double v = values[i] == 0.0 ? 0.0 : values[i];
            long bits = Double.doubleToLongBits(v);
            int slot = (int) (mix(bits) & (capacity - 1));
            while (used[slot] && keys[slot] != bits) {
                slot = (slot + 1) & (capacity - 1);
            }
            if (!used[slot]) {
                if (m == FEW) {
                    return null;
                }
                used[slot] = true;
                keys[slot] = bits;
                distinct[m++] = v;
            }
            slots[i] = slot;
        }
        double[] sorted = java.util.Arrays.copyOf(distinct, m);
        java.util.Arrays.sort(sorted);
        for (int s = 0; s < capacity; s++) {
            if (used[s]) {
                slotRank[s] = java.util.Arrays.binarySearch(sorted, Double.longBitsToDouble(keys[s]));
            }
        }
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ranks[i] = slotRank[slots[i]];
        }
        countOut[0] = m;
        return ranks;
    }

    private static long mix(long bits) {
        long h = bits * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
