package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiskTableTest {

    @Test
    void numberAtRiskCountsThoseCensoredAtTheTime() {
        RiskTable t = RiskTable.of(new double[] {1, 2, 2, 3}, new boolean[] {true, false, true, false});
        assertThat(t.times()).containsExactly(1, 2, 3);
        assertThat(t.atRisk()).containsExactly(4, 3, 1);
        assertThat(t.events()).containsExactly(1, 1, 0);
        assertThat(t.censored()).containsExactly(0, 1, 1);
        assertThat(t.total()).isEqualTo(4);
        assertThat(t.totalEvents()).isEqualTo(2);
    }

    @Test
    void aTableWhoseAtRiskIsNotTheReverseSumIsRejected() {
        assertThatThrownBy(() -> new RiskTable(new double[] {1, 2}, new double[] {3, 1}, new double[] {1, 1},
                new double[] {0, 0})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RiskTable.of");
        assertThatThrownBy(() -> RiskTable.of(new double[] {2, 1}, new double[] {1, 1}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
    }

    @Test
    void badRawInputNamesTheRowAndTheFix() {
        assertThatThrownBy(() -> RiskTable.of(new double[] {1, Double.NaN}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> RiskTable.of(new double[] {1, 2}, new boolean[] {true, true}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight at row 1");
        assertThatThrownBy(() -> RiskTable.of(new double[] {1, 2}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one entry per subject");
        assertThatThrownBy(() -> StratifiedRiskTables.of(2, 1, new double[] {1}, new boolean[] {true}, new int[] {2},
                null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2)");
    }

    @Test
    void countingAndSortingRoutesAgree() {
        // Whole days in a compact range take the counting route; the same times shifted by 0.5 sort.
        double[] days = {5, 1, 3, 3, 9, 1, 2, 8};
        boolean[] ev = {true, false, true, true, false, true, true, false};
        double[] shifted = days.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5;
        }
        RiskTable a = RiskTable.of(days, ev);
        RiskTable b = RiskTable.of(shifted, ev);
        assertThat(b.atRisk()).isEqualTo(a.atRisk());
        assertThat(b.events()).isEqualTo(a.events());
        // A wide spread takes the index route; many cells x times the per-cell sort route.
        double[] wide = days.clone();
        wide[0] = 1e6;
        RiskTable c = RiskTable.of(wide, ev);
        assertThat(c.times()).containsExactly(1, 2, 3, 8, 9, 1e6);
        assertThat(c.atRisk()).containsExactly(8, 6, 5, 3, 2, 1);
        int[] group = {0, 1, 1, 0, 1, 0, 0, 1};
        StratifiedRiskTables few = StratifiedRiskTables.of(2, 1, shifted, ev, group, null, null);
        StratifiedRiskTables many = StratifiedRiskTables.of(5000, 1, shifted, ev, group, null, null);
        assertThat(many.cell(0, 0)).isEqualTo(few.cell(0, 0));
        assertThat(many.cell(1, 0)).isEqualTo(few.cell(1, 0));
        assertThat(many.cell(2, 0)).isEqualTo(RiskTable.EMPTY);
    }

    @Test
    void timefixAppliesToHugeTimesAsInR() {
        // mean |y| is about 1.7e11, so unit gaps fall under R's relative tolerance 1.49e-8 and merge.
        RiskTable t = RiskTable.of(new double[] {1e12, 1, 2, 3}, new boolean[] {true, true, true, false});
        assertThat(t.times()).containsExactly(1, 1e12);
        assertThat(t.events()).containsExactly(2, 1);
        assertThat(t.censored()).containsExactly(1, 0);
    }

    @Test
    void censoringAfterAHorizonMovesLaterSubjectsToIt() {
        RiskTable t = RiskTable.of(new double[] {1, 2, 5, 7}, new boolean[] {true, true, true, true});
        RiskTable h = t.censoredAfter(3);
        assertThat(h.times()).containsExactly(1, 2, 3);
        assertThat(h.events()).containsExactly(1, 1, 0);
        assertThat(h.censored()).containsExactly(0, 0, 2);
        RiskTable at = t.censoredAfter(5);
        assertThat(at.times()).containsExactly(1, 2, 5);
        assertThat(at.events()).containsExactly(1, 1, 1);
        assertThat(at.censored()).containsExactly(0, 0, 1);
        assertThat(t.censoredAfter(7)).isEqualTo(t);
    }

    @Test
    void restrictedMeanAndQuantileRejectImpossibleArguments() {
        KaplanMeierFit fit = KaplanMeier.fit(new double[] {3, 4}, new boolean[] {true, true});
        assertThatThrownBy(() -> fit.restrictedMean(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first time");
        assertThatThrownBy(() -> fit.quantile(1.5, ConfidenceSpec.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceSpec(ConfidenceType.LOG, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fit.at(new double[] {3, 2}, false, ConfidenceSpec.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyCohortGivesAnEmptyCurveAndAnUndefinedTest() {
        KaplanMeierFit fit = KaplanMeier.fit(new double[0], new boolean[0]);
        assertThat(fit.size()).isZero();
        assertThat(fit.median(ConfidenceSpec.DEFAULT).estimate()).isNaN();
        assertThat(fit.at(new double[] {1}, true, ConfidenceSpec.DEFAULT)).isEmpty();
        LogRankResult r = LogRank.test(StratifiedRiskTables.of(2, 1, new double[0], new boolean[0], new int[0],
                null, null));
        assertThat(r.chiSquare()).isNaN();
        assertThat(r.pValue()).isNaN();
        assertThat(r.degreesOfFreedom()).isZero();
    }
}
