package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases and input checks of the competing-risks classes (numbers are checked against R elsewhere). */
class CompetingRisksTest {

    @Test
    void anEmptyTableGivesAnEmptyFitAndNoMilestones() {
        AalenJohansenFit fit = AalenJohansen.fit(CompetingRiskTable.empty(2));
        assertThat(fit.size()).isZero();
        assertThat(fit.causeCount()).isEqualTo(2);
        assertThat(fit.at(1, new double[] {0, 365}, true, ConfidenceSpec.DEFAULT)).isEmpty();
        assertThat(fit.quantile(1, 0.5, ConfidenceSpec.DEFAULT).estimate()).isNaN();
    }

    @Test
    void anIncidenceThatNeverReachesOneHalfHasNoMedian() {
        // 10 subjects: 2 recurrences, 3 deaths, 5 censored.
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        int[] s = {1, 2, 0, 1, 2, 0, 2, 0, 0, 0};
        AalenJohansenFit fit = AalenJohansen.fit(2, t, s);
        SurvivalQuantile median = fit.quantile(1, 0.5, ConfidenceSpec.DEFAULT);
        assertThat(median.estimate()).isNaN();
        // The incidence is exactly 0.1 from day 1 until the next recurrence on day 4: R's rule takes the midpoint.
        assertThat(fit.quantile(1, 0.1, ConfidenceSpec.DEFAULT).estimate()).isEqualTo(2.5);
        assertThat(fit.quantile(1, 0.05, ConfidenceSpec.DEFAULT).estimate()).isEqualTo(1.0);
    }

    @Test
    void milestonesPastTheLastTimeAreDroppedUnlessExtended() {
        AalenJohansenFit fit = AalenJohansen.fit(2, new double[] {5, 10}, new int[] {1, 2});
        List<IncidenceAtTime> rows = fit.at(1, new double[] {1, 7, 20}, false, ConfidenceSpec.DEFAULT);
        assertThat(rows).extracting(IncidenceAtTime::time).containsExactly(1.0, 7.0);
        assertThat(rows.get(0).estimate()).isZero();
        assertThat(rows.get(0).lower()).isZero();
        assertThat(rows.get(1).estimate()).isEqualTo(0.5);
        List<IncidenceAtTime> extended = fit.at(1, new double[] {1, 7, 20}, true, ConfidenceSpec.DEFAULT);
        assertThat(extended).hasSize(3);
        assertThat(extended.get(2).nRisk()).isZero();
        assertThat(extended.get(2).estimate()).isEqualTo(0.5);
        // The event-free state starts at 1 with limits 1 and 1 (R's survfit0 writes 0 and 0 there).
        IncidenceAtTime start = fit.at(0, new double[] {1}, false, ConfidenceSpec.DEFAULT).get(0);
        assertThat(start.estimate()).isEqualTo(1.0);
        assertThat(start.lower()).isEqualTo(1.0);
        assertThat(start.upper()).isEqualTo(1.0);
    }

    @Test
    void tablesRejectCountsThatAreNotSubjects() {
        assertThatThrownBy(() -> CompetingRiskTable.of(new double[] {1}, new double[][] {{0.5}}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> CompetingRiskTable.of(new double[] {2, 1}, new double[][] {{1, 1}},
                new double[] {0, 0})).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new CompetingRiskTable(new double[] {1}, new double[] {2}, new double[][] {{1}},
                new double[] {0})).hasMessageContaining("reverse cumulative");
        assertThatThrownBy(() -> CompetingRiskTables.of(1, 1, 2, new double[] {1}, new int[] {3}, null, null))
                .hasMessageContaining("status at row 0 is 3");
    }

    @Test
    void cellCountsRejectBadLayouts() {
        assertThatThrownBy(() -> CompetingCellCounts.ofDense(0, 0, 2, new int[] {1, 0}))
                .hasMessageContaining("groups of 3");
        assertThatThrownBy(() -> CompetingCellCounts.ofDense(0, 0, 2, new int[] {0, 0, 0}))
                .hasMessageContaining("must not be empty");
        CompetingCellCounts a = CompetingCellCounts.ofDense(0, 0, 2, new int[] {1, 0, 2});
        assertThatThrownBy(() -> CompetingRiskTables.of(1, 1, 2, List.of(a, a))).hasMessageContaining("twice");
        assertThatThrownBy(() -> CompetingRiskTables.of(1, 1, 3, List.of(a))).hasMessageContaining("3");
        assertThat(a.subjects()).isEqualTo(3);
    }

    @Test
    void graysTestNeedsTwoGroupsWithSubjects() {
        CompetingRiskTables one = CompetingRiskTables.of(3, 1, 2, new double[] {1, 2, 3}, new int[] {1, 2, 0},
                new int[] {1, 1, 1}, null);
        GrayTestResult r = GrayTest.test(one, 1);
        assertThat(r.chiSquare()).isNaN();
        assertThat(r.pValue()).isNaN();
        assertThat(r.df()).isZero();
        assertThat(r.groups()).containsExactly(1);
        assertThat(GrayTest.testAll(one)).isEmpty();
        assertThatThrownBy(() -> GrayTest.test(one, 3)).hasMessageContaining("cause must be in [1, 2]");
    }

    @Test
    void fineGrayRefusesDataItCannotFit() {
        double[] t = {1, 2, 3, 4, 5, 6};
        DesignMatrix design = DesignMatrix.builder(6).numeric("x", new double[] {1, 2, 3, 4, 5, 6}).build();
        assertThatThrownBy(() -> FineGray.fit(t, new int[] {2, 0, 2, 0, 2, 0}, design, 1))
                .hasMessageContaining("no events of cause 1");
        DesignMatrix aliased = DesignMatrix.builder(6).numeric("x", new double[] {1, 2, 3, 4, 5, 6})
                .numeric("twice", new double[] {2, 4, 6, 8, 10, 12}).build();
        assertThatThrownBy(() -> FineGray.fit(t, new int[] {1, 0, 1, 2, 1, 0}, aliased, 1))
                .hasMessageContaining("singular").hasMessageContaining("twice");
        assertThatThrownBy(() -> FineGray.fit(t, new int[] {1, 0}, design, 1))
                .hasMessageContaining("one entry per input row");
    }
}
