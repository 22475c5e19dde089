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
     * Dense ranks 0..m-1 of the values (equal values share a rank); {@code ranks[i]} for input i.
     * Returns the rank count in {@code out[0]}.
     */
    static int[] denseRanks(double[] values, int[] countOut) {
        int[] order = ascending(values);
        int[] ranks = new int[values.length];
        int r = -1;
        double prev = Double.NaN;
        for (int i = 0; i < order.length; i++) {
            double v = values[order[i]];
            if (i == 0 || v != prev) {
                r++;
                prev = v;
            }
            ranks[order[i]] = r;
        }
        countOut[0] = r + 1;
        return ranks;
    }
}
