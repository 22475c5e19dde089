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
    private static final List<String> TABLES = List.of("t2x2a", "t2x2b", "t2x2c", "t2x3", "t3x3", "t3x4");

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

    // R: fisher.test(m) two-sided, 2x2 and r x c
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

    @Test
    void emptyMarginsAreDroppedAndTooLargeTablesRefused() {
        ContingencyTable withEmpty = ContingencyTable.of(new long[][] {{12, 0, 7}, {5, 0, 15}});
        ChiSquareTest c = ChiSquareTest.pearson(withEmpty);
        assertRel(c.statistic(), R.get("t2x2b").get("chisq"), "X2 after dropping the empty column");
        assertThat(ChiSquareTest.pearson(ContingencyTable.of(new long[][] {{3, 4}, {0, 0}})).p()).isNaN();
        long[][] big = new long[4][6];
        for (long[] row : big) {
            Arrays.fill(row, 40);
        }
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
