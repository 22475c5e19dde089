package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.followupmonitor.survival.CoxRegressionReferenceTest.assertRel;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chi-square, Fisher and Table 1 descriptives against R 4.2.2 (cox_reference.R, sections 5 and 6):
 * chisq.test(m, correct = FALSE), fisher.test(m), mean, sd, quantile(type = 7), prop.table(table(x)).
 */
class ContingencyReferenceTest {
    private static final Map<String, Map<String, String>> R = CoxReferenceData.output("cox_reference.out");
    private static final List<String> TABLES = List.of("t2x2a", "t2x2b", "t2x2c", "t2x3", "t3x3", "t3x4",
            "t2x5", "t3x5");

    static ContingencyTable table(String name) {
        Map<String, String> r = R.get(name);
        long[] cells = Arrays.stream(r.get("cells").split(",")).mapToLong(Long::parseLong).toArray();
        int rows = Integer.parseInt(r.get("rows"));
        int cols = cells.length / rows;
        long[][] m = new long[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(cells, i * cols, m[i], 0, cols);
        }
        return ContingencyTable.of(m);
    }

    // R: chisq.test(m, correct = FALSE) for 2x2, 2x3, 3x3 and 3x4 tables
    @Test
    void shouldMatchRChisqTestWithoutCorrection() {
        for (String name : TABLES) {
            ChiSquareTest t = ChiSquareTest.pearson(table(name));
            Map<String, String> r = R.get(name);
            assertRel(t.statistic(), r.get("chisq"), name + " X2");
            assertThat(t.df()).as(name + " df").isEqualTo(Integer.parseInt(r.get("chisq.df")));
            assertRel(t.p(), r.get("chisq.p"), name + " p");
        }
    }

    // R: fisher.test(m, workspace = 2e7) two-sided, 2x2 and r x c up to a Table-1-sized 3x5
    @Test
    void shouldMatchRFisherTest() {
        for (String name : TABLES) {
            FisherExactTest t = FisherExactTest.test(table(name));
            assertRel(t.p(), R.get(name).get("fisher.p"), name + " Fisher p");
        }
    }

    @Test
    void fisherIsInvariantToTransposingAndPermutingRows() {
        long[][] m = {{8, 3, 4, 1}, {2, 7, 4, 2}, {5, 1, 6, 9}};
        long[][] tr = new long[4][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                tr[j][i] = m[i][j];
            }
        }
        long[][] perm = {m[2], m[0], m[1]};
        double p = FisherExactTest.test(ContingencyTable.of(m)).p();
        assertThat(FisherExactTest.test(ContingencyTable.of(tr)).p()).isCloseTo(p, org.assertj.core.api.Assertions.within(1e-14));
        assertThat(FisherExactTest.test(ContingencyTable.of(perm)).p()).isCloseTo(p, org.assertj.core.api.Assertions.within(1e-14));
    }

    /** Naive oracle: full enumeration of every table with the margins, no pruning, on random small tables. */
    @net.jqwik.api.Property(tries = 80)
    void branchAndBoundEqualsFullEnumeration(@net.jqwik.api.ForAll long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        int r = 2 + rnd.nextInt(2);
        int c = 3 + rnd.nextInt(2);
        long[][] m = new long[r][c];
        for (long[] row : m) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextInt(7);
            }
        }
        ContingencyTable t = ContingencyTable.of(m).withoutEmptyMargins();
        net.jqwik.api.Assume.that(t.rows() >= 2 && t.columns() >= 2);
        assertThat(FisherExactTest.test(t).p())
                .isCloseTo(naiveFisher(t.counts()), org.assertj.core.api.Assertions.within(1e-12));
    }

    private static double naiveFisher(long[][] m) {
        int r = m.length;
        int c = m[0].length;
        int[] rs = new int[r];
        int[] cs = new int[c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                rs[i] += (int) m[i][j];
                cs[j] += (int) m[i][j];
            }
        }
        double obs = tableProb(m, rs, cs);
        double[] acc = new double[1];
        enumerate(new long[r][c], 0, rs.clone(), cs.clone(), rs, cs, obs, acc);
        return acc[0];
    }

    /** Visits every cell in row-major order; the last row and column are implied by the margins. */
    private static void enumerate(long[][] t, int cell, int[] rowLeft, int[] colLeft, int[] rs, int[] cs, double obs,
            double[] acc) {
        int r = t.length;
        int c = t[0].length;
        if (cell == (r - 1) * (c - 1)) {
            for (int i = 0; i < r - 1; i++) {
                if (rowLeft[i] < 0) {
                    return;
                }
                t[i][c - 1] = rowLeft[i];
            }
            long lastRowSum = 0;
            for (int j = 0; j < c - 1; j++) {
                if (colLeft[j] < 0) {
                    return;
                }
                t[r - 1][j] = colLeft[j];
                lastRowSum += colLeft[j];
            }
            long corner = rs[r - 1] - lastRowSum;
            if (corner < 0) {
                return;
            }
            t[r - 1][c - 1] = corner;
            double p = tableProb(t, rs, cs);
            if (p <= obs * (1 + 1e-7)) {
                acc[0] += p;
            }
            return;
        }
        int i = cell / (c - 1);
        int j = cell % (c - 1);
        for (int v = 0; v <= Math.min(rowLeft[i], colLeft[j]); v++) {
            t[i][j] = v;
            rowLeft[i] -= v;
            colLeft[j] -= v;
            enumerate(t, cell + 1, rowLeft, colLeft, rs, cs, obs, acc);
            rowLeft[i] += v;
            colLeft[j] += v;
        }
    }

    private static double tableProb(long[][] t, int[] rs, int[] cs) {
        int n = java.util.Arrays.stream(rs).sum();
        double l = -logFact(n);
        for (int v : rs) {
            l += logFact(v);
        }
        for (int v : cs) {
            l += logFact(v);
        }
        for (long[] row : t) {
            for (long v : row) {
                l -= logFact((int) v);
            }
        }
        return Math.exp(l);
    }

    private static double logFact(int k) {
        double s = 0;
        for (int i = 2; i <= k; i++) {
            s += Math.log(i);
        }
        return s;
    }

    @Test
    void emptyMarginsAreDroppedAndTooLargeTablesRefused() {
        ContingencyTable withEmpty = ContingencyTable.of(new long[][] {{12, 0, 7}, {5, 0, 15}});
        ChiSquareTest c = ChiSquareTest.pearson(withEmpty);
        assertRel(c.statistic(), R.get("t2x2b").get("chisq"), "X2 after dropping the empty column");
        assertThat(ChiSquareTest.pearson(ContingencyTable.of(new long[][] {{3, 4}, {0, 0}})).p()).isNaN();
        long[][] big = {{30, 25, 20, 15, 10, 5}, {5, 10, 15, 20, 25, 30}, {12, 14, 16, 18, 20, 22},
            {20, 20, 20, 20, 20, 20}};
        assertThatThrownBy(() -> FisherExactTest.test(ContingencyTable.of(big)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chi-square");
    }

    @Test
    void crossTabulationCountsPairsAndSkipsMissing() {
        ContingencyTable t = ContingencyTable.crossTabulate(new String[] {"a", "b", "a", null, "b"},
                new String[] {"x", "x", "y", "y", null});
        assertThat(t.rowLabels()).containsExactly("a", "b");
        assertThat(t.columnLabels()).containsExactly("x", "y");
        assertThat(t.counts()).isEqualTo(new long[][] {{1, 1}, {1, 0}});
    }

    // R: mean(lung$age); sd(lung$age); quantile(lung$age, c(.25, .5, .75)); same for lung$time
    @Test
    void shouldMatchRMeanSdAndQuantiles() {
        List<String[]> rows = CoxReferenceData.csv("cox_lung.csv");
        double[] age = rows.stream().mapToDouble(r -> CoxReferenceData.num(r[2])).toArray();
        double[] time = rows.stream().mapToDouble(r -> CoxReferenceData.num(r[0])).toArray();
        double[] ecog = rows.stream().mapToDouble(r -> CoxReferenceData.num(r[4])).toArray();
        for (var c : List.of(Map.entry("desc_age", age), Map.entry("desc_time", time))) {
            DescriptiveSummary s = DescriptiveSummary.of(c.getValue());
            Map<String, String> r = R.get(c.getKey());
            assertRel(s.mean(), r.get("mean"), c.getKey() + " mean");
            assertRel(s.sd(), r.get("sd"), c.getKey() + " sd");
            assertRel(s.q1(), r.get("q1"), c.getKey() + " q1");
            assertRel(s.median(), r.get("median"), c.getKey() + " median");
            assertRel(s.q3(), r.get("q3"), c.getKey() + " q3");
        }
        DescriptiveSummary e = DescriptiveSummary.of(ecog);
        assertThat(e.missing()).isEqualTo(Integer.parseInt(R.get("desc_ecog").get("missing")));
        assertRel(e.mean(), R.get("desc_ecog").get("mean"), "ecog mean");
        assertRel(e.sd(), R.get("desc_ecog").get("sd"), "ecog sd");
        assertThat(DescriptiveSummary.of(new double[] {4.0}).sd()).isNaN();
        assertThat(DescriptiveSummary.of(new double[] {Double.NaN}).mean()).isNaN();
    }

    // R: prop.table(table(lung$ph.ecog)) * 100
    @Test
    void shouldMatchRCountsAndPercentages() {
        String[] ecog = CoxReferenceData.csv("cox_lung.csv").stream().map(r -> r[4].equals("NA") ? null : r[4])
                .toArray(String[]::new);
        DescriptiveCounts c = DescriptiveCounts.of(ecog);
        assertThat(c.levels()).containsExactly("0", "1", "2", "3");
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.counts()).containsExactly(63, 113, 50, 1);
        for (int k = 0; k < 4; k++) {
            assertRel(c.percent()[k], R.get("desc_ecog").get("pct." + k), "percent " + k);
        }
    }
}
