package org.followupmonitor.survival;

/**
 * Fisher's exact test of independence in an r x c table, two-sided as R's {@code fisher.test}: the p-value is
 * the total probability, under the hypergeometric distribution of tables with the observed margins, of the
 * tables whose probability is at most the observed table's times (1 + 1e-7) (the relative tolerance R uses
 * against rounding).
 *
 * <p>2 x 2 tables sum over the one free cell. Larger tables are enumerated exactly, column by column. When the
 * number of tables with these margins exceeds {@link #MAX_TABLES} the test refuses with an
 * {@link IllegalArgumentException} rather than running for minutes; use {@link ChiSquareTest} then (the
 * chi-square approximation is good precisely when tables are that numerous). All-zero rows and columns are
 * dropped first; a table left with fewer than two rows or columns has p = 1 (every table with those margins
 * is the observed one).
 *
 * @param p           two-sided p-value in (0, 1]
 * @param tablesCount number of tables with the observed margins that were enumerated
 */
public record FisherExactTest(double p, long tablesCount) {

    /** Enumeration bound for tables larger than 2 x 2. */
    public static final long MAX_TABLES = 20_000_000L;
    private static final double RELATIVE_TOLERANCE = 1e-7;

    public FisherExactTest {
        if (!(p >= 0 && p <= 1 + 1e-12)) {
            throw new IllegalArgumentException("p must lie in [0, 1]; got " + p);
        }
    }

    /**
     * Two-sided exact test.
     *
     * @throws IllegalArgumentException when the table has no observations, or more than {@link #MAX_TABLES} tables
     *                                  share its margins
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
        return new FisherExactTest(Math.min(1.0, e.p), e.tables);
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

    /** Depth-first enumeration of r x c tables with fixed margins; the last column is determined. */
    private static final class Enumerator {
        final int r;
        final int c;
        final int[] remaining;
        final int[] colSum;
        final double[] lf;
        final double logConst;
        final double threshold;
        final int[] cell;
        double p;
        long tables;

        Enumerator(int r, int c, int[] rowSum, int[] colSum, double[] lf, double logConst, double threshold) {
            this.r = r;
            this.c = c;
            this.remaining = rowSum.clone();
            this.colSum = colSum;
            this.lf = lf;
            this.logConst = logConst;
            this.threshold = threshold;
            this.cell = new int[r];
        }

        /** Fills column j given the log of prod 1/x! so far. */
        void column(int j, double acc) {
            if (j == c - 1) {
                double lp = acc;
                for (int i = 0; i < r; i++) {
                    lp -= lf[remaining[i]];
                }
                lp += logConst;
                if (++tables > MAX_TABLES) {
                    throw new IllegalArgumentException("more than " + MAX_TABLES + " tables share these margins: exact "
                            + "enumeration is too slow; use the chi-square test (ChiSquareTest.pearson)");
                }
                if (lp <= threshold) {
                    p += Math.exp(lp);
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
            // Rows below i can absorb at most the sum of their remaining totals.
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
    }
}
