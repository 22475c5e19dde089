package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Fisher's exact test of independence in an r x c table, two-sided as R's {@code fisher.test}: the p-value is
 * the total probability, under the hypergeometric distribution of tables with the observed margins, of the
 * tables whose probability is at most the observed table's times (1 + 1e-7) (the relative tolerance R uses
 * against rounding).
 *
 * <p>2 x 2 tables sum over the one free cell. Larger tables are enumerated exactly, column by column, with
 * whole subtrees of tables decided at once by bounds on their probabilities. When more than {@link #MAX_EVALUATIONS}
 * tables or subtrees would have to be evaluated, or more than {@link #MAX_STORED} partial results kept, the test
 * refuses with an
 * {@link IllegalArgumentException} rather than running for minutes; use {@link ChiSquareTest} then (the
 * chi-square approximation is good precisely when tables are that numerous). All-zero rows and columns are
 * dropped first; a table left with fewer than two rows or columns has p = 1 (every table with those margins
 * is the observed one).
 *
 * @param p           two-sided p-value in (0, 1]
 * @param evaluations tables or whole subtrees of tables evaluated (a cost measure, not the number of tables)
 */
public record FisherExactTest(double p, long evaluations) {

    /** Bound on evaluations for tables larger than 2 x 2. */
    public static final long MAX_EVALUATIONS = 20_000_000L;
    /** Bound on memoised partial results (bounds per node and completion values), to cap memory. */
    public static final long MAX_STORED = 2_000_000L;
    private static final double RELATIVE_TOLERANCE = 1e-7;

    public FisherExactTest {
        if (!(p >= 0 && p <= 1 + 1e-12)) {
            throw new IllegalArgumentException("p must lie in [0, 1]; got " + p);
        }
    }

    /**
     * Two-sided exact test.
     *
     * @throws IllegalArgumentException when the table has no observations, or more than {@link #MAX_EVALUATIONS}
     *                                  evaluations would be needed
     */
    public static FisherExactTest test(ContingencyTable table) {
        if (table.total() == 0) {
            throw new IllegalArgumentException("the table has no observations");
        }
        ContingencyTable t = table.withoutEmptyMargins();
        int r = t.rows();
        int c = t.columns();
        if (r < 2 || c < 2) {
            return new FisherExactTest(1.0, 1);
        }
        // Put the longer dimension in the columns: enumeration recurses over columns and fills rows.
        long[][] x = t.counts();
        if (r > c) {
            long[][] tr = new long[c][r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    tr[j][i] = x[i][j];
                }
            }
            x = tr;
            int s = r;
            r = c;
            c = s;
        }
        int n = (int) t.total();
        double[] logFact = new double[n + 1];
        for (int k = 2; k <= n; k++) {
            logFact[k] = logFact[k - 1] + Math.log(k);
        }
        int[] rowSum = new int[r];
        int[] colSum = new int[c];
        double logObs = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                rowSum[i] += (int) x[i][j];
                colSum[j] += (int) x[i][j];
                logObs -= logFact[(int) x[i][j]];
            }
        }
        double logConst = -logFact[n];
        for (int v : rowSum) {
            logConst += logFact[v];
        }
        for (int v : colSum) {
            logConst += logFact[v];
        }
        logObs += logConst;
        double threshold = logObs + Math.log1p(RELATIVE_TOLERANCE);
        if (r == 2 && c == 2) {
            return twoByTwo(rowSum, colSum, n, logFact, logConst, threshold);
        }
        Enumerator e = new Enumerator(r, c, rowSum, colSum, logFact, logConst, threshold);
        e.column(0, 0.0);
        return new FisherExactTest(Math.min(1.0, e.p), e.evaluations);
    }

    private static FisherExactTest twoByTwo(int[] rowSum, int[] colSum, int n, double[] lf, double logConst,
            double threshold) {
        int lo = Math.max(0, colSum[0] - rowSum[1]);
        int hi = Math.min(rowSum[0], colSum[0]);
        double p = 0;
        for (int a = lo; a <= hi; a++) {
            int b = rowSum[0] - a;
            int cc = colSum[0] - a;
            int d = rowSum[1] - cc;
            double lp = logConst - lf[a] - lf[b] - lf[cc] - lf[d];
            if (lp <= threshold) {
                p += Math.exp(lp);
            }
        }
        return new FisherExactTest(Math.min(1.0, p), hi - lo + 1L);
    }

    /**
     * Depth-first enumeration of r x c tables with fixed margins, column by column, with branch-and-bound as in
     * Mehta &amp; Patel's network algorithm (1983). A node is (next column, remaining row totals); the exact
     * largest and smallest value of sum -log x! over its completions ("longest and shortest path") come from a
     * memoised recursion over nodes keyed by the sorted remaining totals (completions do not depend on row
     * order). When even the most probable completion is at most the observed probability the whole subtree
     * counts, with the closed-form mass sum over tables of prod 1/x! = N! / (prod row! prod col!); when even
     * the least probable one is above it, the subtree is skipped. With two columns left, a completion is fixed
     * by the fill of the first: the node keeps its completion values sorted with prefix sums, so an arriving
     * partial table is settled by one binary search.
     */
    private static final class Enumerator {
        final int r;
        final int c;
        final int[] remaining;
        final int[] colSum;
        final double[] lf;
        final double logConst;
        final double threshold;
        final int[] colRest;
        final double[] lfColRest;
        final HashMap<String, double[]> ranges = new HashMap<>();
        final HashMap<String, double[][]> lastTwo = new HashMap<>();
        double p;
        long evaluations;
        long storedValues;

        Enumerator(int r, int c, int[] rowSum, int[] colSum, double[] lf, double logConst, double threshold) {
            this.r = r;
            this.c = c;
            this.remaining = rowSum.clone();
            this.colSum = colSum;
            this.lf = lf;
            this.logConst = logConst;
            this.threshold = threshold;
            colRest = new int[c + 1];
            lfColRest = new double[c + 1];
            for (int j = c - 1; j >= 0; j--) {
                colRest[j] = colRest[j + 1] + colSum[j];
                lfColRest[j] = lfColRest[j + 1] + lf[colSum[j]];
            }
        }

        private void count(long n) {
            evaluations += n;
            if (evaluations > MAX_EVALUATIONS) {
                throw new IllegalArgumentException("exact test needs more than " + MAX_EVALUATIONS
                        + " table evaluations for these margins; use the chi-square test (ChiSquareTest.pearson)");
            }
        }

        private void requireMemory() {
            if (ranges.size() + storedValues > MAX_STORED) {
                throw new IllegalArgumentException("exact test would keep more than " + MAX_STORED
                        + " partial results for these margins; use the chi-square test (ChiSquareTest.pearson)");
            }
        }

        /** Continues at column j given acc = sum of -log x! over the columns filled so far. */
        void column(int j, double acc) {
            count(1);
            double base = logConst + acc;
            if (j == c - 1) {
                double lp = base;
                for (int i = 0; i < r; i++) {
                    lp -= lf[remaining[i]];
                }
                if (lp <= threshold) {
                    p += Math.exp(lp);
                }
                return;
            }
            double[] range = futureRange(j, remaining);
            if (base + range[0] <= threshold) {
                double lfRows = 0;
                for (int i = 0; i < r; i++) {
                    lfRows += lf[remaining[i]];
                }
                p += Math.exp(base + lf[colRest[j]] - lfRows - lfColRest[j]);
                return;
            }
            if (base + range[1] > threshold) {
                return;
            }
            if (j == c - 2) {
                // values ascending, prefix[k] = sum_{i<=k} exp(values[i] - values[0])
                double[][] vp = lastTwoColumns(remaining);
                double[] values = vp[0];
                int lo = 0;
                int hi = values.length; // count of values with base + v <= threshold
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (base + values[mid] <= threshold) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if (lo > 0) {
                    p += Math.exp(base + values[0]) * vp[1][lo - 1];
                }
                return;
            }
            fill(j, 0, colSum[j], acc);
        }

        /** Chooses x[i][j] for rows i.. with `left` still to place in column j. */
        private void fill(int j, int i, int left, double acc) {
            if (i == r - 1) {
                if (left > remaining[i]) {
                    return;
                }
                remaining[i] -= left;
                column(j + 1, acc - lf[left]);
                remaining[i] += left;
                return;
            }
            int capacityBelow = 0;
            for (int k = i + 1; k < r; k++) {
                capacityBelow += remaining[k];
            }
            int lo = Math.max(0, left - capacityBelow);
            int hi = Math.min(left, remaining[i]);
            for (int v = lo; v <= hi; v++) {
                remaining[i] -= v;
                fill(j, i + 1, left - v, acc - lf[v]);
                remaining[i] += v;
            }
        }

        /** Sorted completion values of the last two columns from row totals rem, with relative prefix masses. */
        private double[][] lastTwoColumns(int[] rem) {
            int[] sorted = rem.clone();
            Arrays.sort(sorted);
            String key = Arrays.toString(sorted);
            double[][] cached = lastTwo.get(key);
            if (cached != null) {
                return cached;
            }
            List<Double> values = new ArrayList<>();
            collect(0, colSum[c - 2], 0.0, sorted, values);
            storedValues += values.size();
            requireMemory();
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] prefix = new double[v.length];
            double s = 0;
            for (int k = 0; k < v.length; k++) {
                s += Math.exp(v[k] - v[0]);
                prefix[k] = s;
            }
            double[][] out = {v, prefix};
            lastTwo.put(key, out);
            return out;
        }

        private void collect(int i, int left, double acc, int[] rem, List<Double> values) {
            if (i == r - 1) {
                if (left > rem[i]) {
                    return;
                }
                count(1);
                values.add(acc - lf[left] - lf[rem[i] - left]);
                return;
            }
            int capacityBelow = 0;
            for (int k = i + 1; k < r; k++) {
                capacityBelow += rem[k];
            }
            int lo = Math.max(0, left - capacityBelow);
            int hi = Math.min(left, rem[i]);
            for (int x = lo; x <= hi; x++) {
                collect(i + 1, left - x, acc - lf[x] - lf[rem[i] - x], rem, values);
            }
        }

        /** {max, min} of sum -log x! over the completions of columns j..c-1 with row totals rem. */
        private double[] futureRange(int j, int[] rem) {
            if (j == c - 1) {
                double v = 0;
                for (int x : rem) {
                    v -= lf[x];
                }
                return new double[] {v, v};
            }
            int[] sorted = rem.clone();
            Arrays.sort(sorted);
            String key = j + ":" + Arrays.toString(sorted);
            double[] cached = ranges.get(key);
            if (cached != null) {
                return cached;
            }
            double[] best = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
            rangeFill(j, 0, colSum[j], 0.0, sorted, best);
            ranges.put(key, best);
            requireMemory();
            return best;
        }

        private void rangeFill(int j, int i, int left, double acc, int[] rem, double[] best) {
            if (i == r - 1) {
                if (left > rem[i]) {
                    return;
                }
                count(1);
                rem[i] -= left;
                double[] f = futureRange(j + 1, rem);
                rem[i] += left;
                double here = acc - lf[left];
                best[0] = Math.max(best[0], here + f[0]);
                best[1] = Math.min(best[1], here + f[1]);
                return;
            }
            int capacityBelow = 0;
            for (int k = i + 1; k < r; k++) {
                capacityBelow += rem[k];
            }
            int lo = Math.max(0, left - capacityBelow);
            int hi = Math.min(left, rem[i]);
            for (int v = lo; v <= hi; v++) {
                rem[i] -= v;
                rangeFill(j, i + 1, left - v, acc - lf[v], rem, best);
                rem[i] += v;
            }
        }
    }
}
